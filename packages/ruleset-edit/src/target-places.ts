import { type HookName, TARGET_PLACES, type TableName, type TargetKind } from "@nfx/model";

export type TargetCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * May a rule with target `kind` sit in `table` at `where`: a built-in chain's hook, or for a user chain the
 * hooks of every base chain that reaches it (an empty set: reached by none, so the kernel does not check yet).
 */
export function targetAllowed(table: TableName, where: HookName | readonly HookName[], kind: TargetKind): TargetCheck {
  if (kind === "DROP" && table === "nat")
    return {
      ok: false,
      reason: 'The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.',
    };
  const place = TARGET_PLACES[kind];
  if (!place) return { ok: true };
  if (place.table !== table)
    return { ok: false, reason: `${kind} is only valid in the ${place.table} table, not in ${table}.` };
  if (!place.hooks) return { ok: true };
  const hooks = typeof where === "string" ? [where] : where;
  const bad = hooks.filter((h) => !place.hooks!.includes(h));
  if (bad.length === 0) return { ok: true };
  const via = typeof where === "string" ? "" : " (this chain is reached from there)";
  return {
    ok: false,
    reason: `${kind} is only valid in ${place.hooks.join(" and ")}, not in ${bad.join(", ")}${via}.`,
  };
}
