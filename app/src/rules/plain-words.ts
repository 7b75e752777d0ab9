import { formatCidr, type Rule } from "@nfx/model";

const range = (r: { from: number; to: number }) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`);
const not = (n: { invert: boolean }) => (n.invert ? "not " : "");

/** A rule in plain words: "tcp to port 22 from 10.0.0.0/8 → accept". Unmodelled parts are named, not hidden. */
export function plainWords(rule: Rule): string {
  const parts: string[] = [];
  if (rule.proto) parts.push(`${not(rule.proto)}${rule.proto.value}`);
  if (rule.src) parts.push(`from ${not(rule.src)}${formatCidr(rule.src.value).replace(/\/32$/, "")}`);
  if (rule.dst) parts.push(`to ${not(rule.dst)}${formatCidr(rule.dst.value).replace(/\/32$/, "")}`);
  if (rule.inIface) parts.push(`in on ${not(rule.inIface)}${rule.inIface.value}`);
  if (rule.outIface) parts.push(`out on ${not(rule.outIface)}${rule.outIface.value}`);
  for (const m of rule.matches) {
    switch (m.module) {
      case "tcp":
      case "udp":
        if (m.sport) parts.push(`from port ${not(m.sport)}${range(m.sport.value)}`);
        if (m.dport) parts.push(`to port ${not(m.dport)}${range(m.dport.value)}`);
        break;
      case "multiport":
        parts.push(
          `${m.direction === "src" ? "from" : m.direction === "dst" ? "to" : "either"} port ${not(m.ports)}${m.ports.value.map(range).join(", ")}`,
        );
        break;
      case "conntrack":
        if (m.state) parts.push(`connection ${not(m.state)}${m.state.value.join(" or ").toLowerCase()}`);
        break;
      case "state":
        parts.push(`connection ${not(m.state)}${m.state.value.join(" or ").toLowerCase()}`);
        break;
      case "comment":
        parts.push(`(“${m.comment}”)`);
        break;
      case "statistic":
        parts.push(
          m.mode === "random" ? `with chance ${(m.probability * 100).toFixed(1)}%` : `every ${m.every}th packet`,
        );
        break;
      case "icmp":
        parts.push(m.type.value.type === "any" ? "any icmp" : `icmp type ${m.type.value.type}`);
        break;
      default:
        parts.push(`-m ${m.module === "unsupported" ? m.name : m.module}`);
    }
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
