import { formatCidr, type Match, type Rule, type Target } from "@nfx/model";
import type { Strings } from "../i18n";

/** CIDR as a person writes an address: `/32` left out. */
const address = (c: { readonly addr: number; readonly mask: number }) => formatCidr(c).replace(/\/32$/, "");

function matchWords(m: Match, t: Strings): string {
  // The table is keyed by module, so the words function takes this very match; TypeScript cannot see that.
  return (t.plain.match[m.module] as (m: Match) => string)(m);
}

function targetWords(target: Target, t: Strings): string {
  // Keyed by kind, as above.
  return (t.plain.target[target.kind] as (t: Target) => string)(target);
}

/**
 * A rule in plain words, in the language of `t`: "tcp to port 22 from 10.0.0.0/8 → accept". Unmodelled parts
 * are named, not hidden. The words are the i18n tables' (plain.en.ts, plain.zh.ts); this only orders them.
 */
export function plainWords(rule: Rule, t: Strings): string {
  const w = t.plain;
  const parts: string[] = [];
  if (rule.proto) parts.push(w.proto(rule.proto.value, rule.proto.invert));
  if (rule.src) parts.push(w.from(address(rule.src.value), rule.src.invert));
  if (rule.dst) parts.push(w.to(address(rule.dst.value), rule.dst.invert));
  if (rule.inIface) parts.push(w.inOn(rule.inIface.value, rule.inIface.invert));
  if (rule.outIface) parts.push(w.outOn(rule.outIface.value, rule.outIface.invert));
  for (const m of rule.matches) {
    const words = matchWords(m, t);
    if (words) parts.push(words);
  }
  const verdict = rule.target ? targetWords(rule.target, t) : w.noTarget;
  return w.rule(parts.length ? parts : [w.everyPacket], verdict);
}
