import { type Cidr, cidrContains, formatCidr, formatIpv4, type Negatable, type Rule } from "@nfx/model";
import type { Condition } from "./condition";

const PROTO_NUM: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1 };

/** `-p NAME|NUMBER` as the protocol number the rule compares (255, no such protocol, for a name we lack). */
export function protoNumber(value: string): number {
  return PROTO_NUM[value] ?? (Number(value) || 255);
}

/** `-i eth0` or `-i eth+`: a name, or a prefix ending in `+`; a packet without that interface never matches. */
export function ifaceMatches(pattern: string, name: string | null): boolean {
  if (name === null) return false;
  return pattern.endsWith("+") ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

function addrCondition(code: "src" | "dst", n: Negatable<Cidr>): Condition {
  const { value, invert } = n;
  return {
    code,
    option: code === "src" ? "-s" : "-d",
    invert,
    rule: formatCidr(value),
    test: (skb) => cidrContains(value, skb[code]) !== invert,
    packet: (skb) => formatIpv4(skb[code]),
  };
}

function ifaceCondition(code: "in" | "out", n: Negatable<string>): Condition {
  const { value, invert } = n;
  const pick = code === "in" ? "inIface" : "outIface";
  return {
    code,
    option: code === "in" ? "-i" : "-o",
    invert,
    rule: value,
    test: (skb) => ifaceMatches(value, skb[pick]) !== invert,
    packet: (skb) => skb[pick],
  };
}

/**
 * The generic part of a rule (`ipt_ip`): addresses, interfaces, protocol, fragment. The traversal tests these in
 * the compiled rule layout (`compile.ts findMatch`); these conditions state the same tests one by one, for
 * explanations, and a test holds the two to the same answer on every conformance scenario.
 */
export function headerConditions(rule: Rule): Condition[] {
  const out: Condition[] = [];
  if (rule.src) out.push(addrCondition("src", rule.src));
  if (rule.dst) out.push(addrCondition("dst", rule.dst));
  if (rule.inIface) out.push(ifaceCondition("in", rule.inIface));
  if (rule.outIface) out.push(ifaceCondition("out", rule.outIface));
  if (rule.proto) {
    const { value, invert } = rule.proto;
    const num = protoNumber(value);
    out.push({
      code: "proto",
      option: "-p",
      invert,
      rule: value,
      test: (skb) => (skb.protoNum === num) !== invert,
      packet: (skb) => skb.proto,
    });
  }
  if (rule.fragment) {
    // Fragments are reassembled by defrag before any chain, so `-f` never matches and `! -f` always does.
    const invert = rule.fragment.invert;
    out.push({ code: "fragment", option: "-f", invert, rule: "", test: () => invert, packet: () => null });
  }
  return out;
}
