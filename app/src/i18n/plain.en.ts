import type { Match } from "@nfx/model";
import { NAMED_MODULES, named, type PlainWords, portRange } from "./plain-words";

const not = (invert: boolean) => (invert ? "not " : "");
const flag = (name: string, n: { readonly invert: boolean } | undefined) =>
  n ? `${n.invert ? "no " : ""}${name}` : null;
const ports = (m: Extract<Match, { module: "tcp" | "udp" }>) =>
  [
    m.sport && `from port ${not(m.sport.invert)}${portRange(m.sport.value)}`,
    m.dport && `to port ${not(m.dport.invert)}${portRange(m.dport.value)}`,
  ]
    .filter(Boolean)
    .join(" ");

const nat = (t: { readonly kind: "DNAT" | "SNAT" }) =>
  t.kind === "DNAT" ? "rewrite the destination (DNAT)" : "rewrite the source (SNAT)";

/** A rule in a few English words: "tcp to port 22 from 10.0.0.0/8 → accept". */
export const plainEn: PlainWords = {
  proto: (name, n) => `${not(n)}${name}`,
  from: (cidr, n) => `from ${not(n)}${cidr}`,
  to: (cidr, n) => `to ${not(n)}${cidr}`,
  inOn: (iface, n) => `in on ${not(n)}${iface}`,
  outOn: (iface, n) => `out on ${not(n)}${iface}`,
  everyPacket: "every packet",
  rule: (parts, verdict) => `${parts.join(" ")} → ${verdict}`,
  noTarget: "continue",
  match: {
    tcp: ports,
    udp: ports,
    multiport: (m) =>
      `${m.direction === "src" ? "from" : m.direction === "dst" ? "to" : "either"} port ${not(m.ports.invert)}${m.ports.value.map(portRange).join(", ")}`,
    conntrack: (m) =>
      m.state ? `connection ${not(m.state.invert)}${m.state.value.join(" or ").toLowerCase()}` : named(m),
    state: (m) => `connection ${not(m.state.invert)}${m.state.value.join(" or ").toLowerCase()}`,
    comment: (m) => `(“${m.comment}”)`,
    statistic: (m) =>
      m.mode === "random" ? `with chance ${(m.probability * 100).toFixed(1)}%` : `every ${m.every}th packet`,
    icmp: (m) => (m.type.value.type === "any" ? "any icmp" : `icmp type ${m.type.value.type}`),
    pkttype: (m) => `${not(m.pktType.invert)}${m.pktType.value}`,
    ecn: (m) =>
      [flag("ECE", m.ece), flag("CWR", m.cwr), m.ipEct && `ECN field ${not(m.ipEct.invert)}${m.ipEct.value}`]
        .filter(Boolean)
        .join(", "),
    ...NAMED_MODULES,
  },
  target: {
    ACCEPT: () => "accept",
    DROP: () => "drop",
    RETURN: () => "return",
    REJECT: () => "reject",
    jump: (t) => `go to ${t.chain} and come back`,
    goto: (t) => `go to ${t.chain}`,
    LOG: () => "log",
    NFLOG: () => "nflog",
    TRACE: () => "trace",
    MARK: () => "mark",
    CONNMARK: () => "connmark",
    DNAT: nat,
    SNAT: nat,
    MASQUERADE: () => "masquerade",
    REDIRECT: () => "redirect",
    NOTRACK: () => "notrack",
    CT: () => "ct",
    TOS: () => "tos",
    TTL: () => "ttl",
    DSCP: () => "dscp",
    unsupported: (t) => t.name,
  },
};
