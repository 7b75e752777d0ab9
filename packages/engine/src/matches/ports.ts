import type { MultiportMatch, Negatable, PortRange, TcpMatch, UdpMatch } from "@nfx/model";
import { inRange, type Predicate } from "./predicate";

function portTest(test: Negatable<PortRange> | undefined, pick: "sport" | "dport"): Predicate | null {
  if (!test) return null;
  const { value, invert } = test;
  return (skb) => inRange(skb[pick], value) !== invert;
}

/** `-m tcp` / `-m udp`: only for that protocol; each option tested on its own with its own negation. */
export function compileTcpUdp(match: TcpMatch | UdpMatch): Predicate {
  const proto = match.module;
  const tests: Predicate[] = [];
  const sport = portTest(match.sport, "sport");
  const dport = portTest(match.dport, "dport");
  if (sport) tests.push(sport);
  if (dport) tests.push(dport);
  if (match.module === "tcp" && match.flags) {
    const { mask, comp } = match.flags.value;
    const invert = match.flags.invert;
    tests.push((skb) => ((skb.flags & mask) === comp) !== invert);
  }
  if (match.module === "tcp" && match.option) {
    // Scenario packets carry no TCP options, so `--tcp-option` only matches when negated.
    const invert = match.option.invert;
    tests.push(() => invert);
  }
  return (skb, env) => {
    if (skb.proto !== proto) return false;
    for (const t of tests) if (!t(skb, env)) return false;
    return true;
  };
}

export function compileMultiport(match: MultiportMatch): Predicate {
  const ranges = match.ports.value;
  const invert = match.ports.invert;
  const hit = (port: number) => ranges.some((r) => inRange(port, r));
  return (skb) => {
    if (skb.proto !== "tcp" && skb.proto !== "udp") return false;
    const found =
      match.direction === "src"
        ? hit(skb.sport)
        : match.direction === "dst"
          ? hit(skb.dport)
          : hit(skb.sport) || hit(skb.dport);
    return found !== invert;
  };
}
