import type { Cidr, Counters, Match, Negatable, Rule, SourcePos, Target } from "@nfx/model";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A rule with its fields in the general parser's order (so the two paths give indistinguishable objects). The
 * shapes that fill kube-proxy and Docker rulesets are written as whole literals: V8 then allocates each rule in
 * one piece, where adding fields one by one would give every rule a separate, partly empty property array.
 */
export function makeRule(
  matches: readonly Match[],
  target: Target | null,
  src: Negatable<Cidr> | undefined,
  dst: Negatable<Cidr> | undefined,
  inIface: Negatable<string> | undefined,
  outIface: Negatable<string> | undefined,
  proto: Negatable<string> | undefined,
  counters: Counters | null,
  pos: SourcePos,
): Rule {
  if (!inIface && !outIface && !counters) {
    if (!src && !dst && !proto) return { matches, target, pos };
    if (src && !dst && !proto) return { matches, target, src, pos };
    if (!src && !dst && proto) return { matches, target, proto, pos };
    if (!src && dst && proto) return { matches, target, dst, proto, pos };
    if (src && dst && proto) return { matches, target, src, dst, proto, pos };
  }
  const rule: Mutable<Rule> = { matches, target };
  if (src) rule.src = src;
  if (dst) rule.dst = dst;
  if (inIface) rule.inIface = inIface;
  if (outIface) rule.outIface = outIface;
  if (proto) rule.proto = proto;
  if (counters) rule.counters = counters;
  rule.pos = pos;
  return rule;
}
