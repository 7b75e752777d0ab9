import {
  formatTcpFlags,
  type MultiportMatch,
  type Negatable,
  type PortRange,
  type TcpMatch,
  type UdpMatch,
} from "@nfx/model";
import { type Condition, inRange, type MatchDefinition, rangeText } from "./condition";

/**
 * The module's own protocol test: `-m tcp` only looks at TCP packets, whatever `-p` said. Stated as `-m NAME`:
 * the operand is the module's name.
 */
function protoCondition(
  code: "ports.proto" | "multiport.proto",
  module: string,
  protos: readonly ("tcp" | "udp")[],
): Condition {
  return {
    code,
    option: "-m",
    invert: false,
    rule: module,
    test: (skb) => skb.proto === protos[0] || skb.proto === protos[1],
    packet: (skb) => skb.proto,
  };
}

function portCondition(test: Negatable<PortRange> | undefined, pick: "sport" | "dport"): Condition | null {
  if (!test) return null;
  const { value, invert } = test;
  return {
    code: pick === "sport" ? "ports.sport" : "ports.dport",
    option: pick === "sport" ? "--sport" : "--dport",
    invert,
    rule: rangeText(value),
    test: (skb) => inRange(skb[pick], value) !== invert,
    packet: (skb) => String(skb[pick]),
  };
}

const FLAG_NAMES = ["FIN", "SYN", "RST", "PSH", "ACK", "URG"];
function flagNames(bits: number): string {
  const out = FLAG_NAMES.filter((_, i) => bits & (1 << i));
  return out.length ? out.join(",") : "NONE";
}

/** `-m tcp` / `-m udp`: only for that protocol; each option tested on its own with its own negation. */
function tcpUdpConditions(match: TcpMatch | UdpMatch): Condition[] {
  const out: Condition[] = [protoCondition("ports.proto", match.module, [match.module])];
  const sport = portCondition(match.sport, "sport");
  const dport = portCondition(match.dport, "dport");
  if (sport) out.push(sport);
  if (dport) out.push(dport);
  if (match.module === "tcp" && match.flags) {
    const { mask, comp } = match.flags.value;
    const invert = match.flags.invert;
    out.push({
      code: "tcp.flags",
      option: "--tcp-flags",
      invert,
      rule: `${flagNames(mask)} ${flagNames(comp)}`,
      test: (skb) => ((skb.flags & mask) === comp) !== invert,
      packet: (skb) => formatTcpFlags(skb.flags),
    });
  }
  if (match.module === "tcp" && match.option) {
    // Scenario packets carry no TCP options, so `--tcp-option` only matches when negated.
    const invert = match.option.invert;
    out.push({
      code: "tcp.option",
      option: "--tcp-option",
      invert,
      rule: String(match.option.value),
      test: () => invert,
      packet: () => null,
    });
  }
  return out;
}

export const tcpDefinition: MatchDefinition<TcpMatch> = { conditions: tcpUdpConditions, needsConntrack: false };
export const udpDefinition: MatchDefinition<UdpMatch> = { conditions: tcpUdpConditions, needsConntrack: false };

const MULTIPORT_OPTION = { src: "--sports", dst: "--dports", any: "--ports" } as const;

export const multiportDefinition: MatchDefinition<MultiportMatch> = {
  needsConntrack: false,
  conditions(match) {
    const ranges = match.ports.value;
    const invert = match.ports.invert;
    const hit = (port: number) => ranges.some((r) => inRange(port, r));
    const { direction } = match;
    return [
      protoCondition("multiport.proto", "multiport", ["tcp", "udp"]),
      {
        code: "multiport.ports",
        option: MULTIPORT_OPTION[direction],
        invert,
        rule: ranges.map(rangeText).join(","),
        test: (skb) => {
          const found =
            direction === "src"
              ? hit(skb.sport)
              : direction === "dst"
                ? hit(skb.dport)
                : hit(skb.sport) || hit(skb.dport);
          return found !== invert;
        },
        packet: (skb) =>
          direction === "src" ? `${skb.sport}` : direction === "dst" ? `${skb.dport}` : `${skb.sport},${skb.dport}`,
      },
    ];
  },
};
