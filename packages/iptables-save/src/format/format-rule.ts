import { formatCidr, type Rule, type TableName } from "@nfx/model";
import { formatMatch } from "./format-match";
import { formatTarget } from "./format-target";

function not(invert: boolean): string {
  return invert ? " !" : "";
}

/**
 * A rule's arguments after `-A CHAIN`, in iptables-save's fixed order (generic part, matches as given,
 * target), with a leading space unless empty.
 */
export function formatRuleBody(rule: Rule): string {
  let out = "";
  if (rule.src) out += `${not(rule.src.invert)} -s ${formatCidr(rule.src.value)}`;
  if (rule.dst) out += `${not(rule.dst.invert)} -d ${formatCidr(rule.dst.value)}`;
  if (rule.inIface) out += `${not(rule.inIface.invert)} -i ${rule.inIface.value}`;
  if (rule.outIface) out += `${not(rule.outIface.invert)} -o ${rule.outIface.value}`;
  if (rule.proto) out += `${not(rule.proto.invert)} -p ${rule.proto.value}`;
  if (rule.fragment) out += `${not(rule.fragment.invert)} -f`;
  for (const m of rule.matches) out += formatMatch(m);
  if (rule.target) out += formatTarget(rule.target);
  return out;
}

/** `-A CHAIN ...`, the line iptables-save prints for `rule` (no counters). The table is not part of it. */
export function formatRule(_table: TableName, chain: string, rule: Rule): string {
  return `-A ${chain}${formatRuleBody(rule)}`;
}

/** `iptables [-t TABLE] -A CHAIN ...`, the command that adds `rule`; `-t` is left out for filter. */
export function formatRuleAsCommand(table: TableName, chain: string, rule: Rule): string {
  return `iptables${table === "filter" ? "" : ` -t ${table}`} -A ${chain}${formatRuleBody(rule)}`;
}
