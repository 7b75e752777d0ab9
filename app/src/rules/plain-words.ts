import { formatCidr, type Match, type MatchModuleName, type Rule } from "@nfx/model";

const range = (r: { from: number; to: number }) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`);
const not = (n: { invert: boolean }) => (n.invert ? "not " : "");
const named = (m: Match) => `-m ${m.module === "unsupported" ? m.name : m.module}`;
const flag = (name: string, n: { invert: boolean } | undefined) => (n ? `${n.invert ? "no " : ""}${name}` : null);

type Words = { readonly [K in MatchModuleName]: (m: Extract<Match, { module: K }>) => string };

/** Each module in a few words; a module missing here is a compile error. Modules without short words are named. */
const WORDS: Words = {
  tcp: (m) =>
    [
      m.sport && `from port ${not(m.sport)}${range(m.sport.value)}`,
      m.dport && `to port ${not(m.dport)}${range(m.dport.value)}`,
    ]
      .filter(Boolean)
      .join(" "),
  udp: (m) =>
    [
      m.sport && `from port ${not(m.sport)}${range(m.sport.value)}`,
      m.dport && `to port ${not(m.dport)}${range(m.dport.value)}`,
    ]
      .filter(Boolean)
      .join(" "),
  multiport: (m) =>
    `${m.direction === "src" ? "from" : m.direction === "dst" ? "to" : "either"} port ${not(m.ports)}${m.ports.value.map(range).join(", ")}`,
  conntrack: (m) => (m.state ? `connection ${not(m.state)}${m.state.value.join(" or ").toLowerCase()}` : named(m)),
  state: (m) => `connection ${not(m.state)}${m.state.value.join(" or ").toLowerCase()}`,
  comment: (m) => `(“${m.comment}”)`,
  statistic: (m) =>
    m.mode === "random" ? `with chance ${(m.probability * 100).toFixed(1)}%` : `every ${m.every}th packet`,
  icmp: (m) => (m.type.value.type === "any" ? "any icmp" : `icmp type ${m.type.value.type}`),
  pkttype: (m) => `${not(m.pktType)}${m.pktType.value}`,
  ecn: (m) =>
    [flag("ECE", m.ece), flag("CWR", m.cwr), m.ipEct && `ECN field ${not(m.ipEct)}${m.ipEct.value}`]
      .filter(Boolean)
      .join(", "),
  iprange: named,
  mark: named,
  connmark: named,
  addrtype: named,
  limit: named,
  length: named,
  ttl: named,
  tos: named,
  dscp: named,
  mac: named,
  owner: named,
  unsupported: named,
};

function matchWords(m: Match): string {
  // The table is keyed by module, so the words function takes this very match; TypeScript cannot see that.
  return (WORDS[m.module] as (m: Match) => string)(m);
}

/** A rule in plain words: "tcp to port 22 from 10.0.0.0/8 → accept". Unmodelled parts are named, not hidden. */
export function plainWords(rule: Rule): string {
  const parts: string[] = [];
  if (rule.proto) parts.push(`${not(rule.proto)}${rule.proto.value}`);
  if (rule.src) parts.push(`from ${not(rule.src)}${formatCidr(rule.src.value).replace(/\/32$/, "")}`);
  if (rule.dst) parts.push(`to ${not(rule.dst)}${formatCidr(rule.dst.value).replace(/\/32$/, "")}`);
  if (rule.inIface) parts.push(`in on ${not(rule.inIface)}${rule.inIface.value}`);
  if (rule.outIface) parts.push(`out on ${not(rule.outIface)}${rule.outIface.value}`);
  for (const m of rule.matches) {
    const words = matchWords(m);
    if (words) parts.push(words);
  }
  const t = rule.target;
  let verdict = "continue";
  if (t) {
    if (t.kind === "jump") verdict = `go to ${t.chain} and come back`;
    else if (t.kind === "goto") verdict = `go to ${t.chain}`;
    else if (t.kind === "DNAT" || t.kind === "SNAT")
      verdict = t.kind === "DNAT" ? "rewrite the destination (DNAT)" : "rewrite the source (SNAT)";
    else if (t.kind === "unsupported") verdict = t.name;
    else verdict = t.kind.toLowerCase();
  }
  return `${parts.length ? parts.join(" ") : "every packet"} → ${verdict}`;
}
