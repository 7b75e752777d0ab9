import { hookBit, hookPlacement, tablePlacement } from "@nfx/iptables-save";
import type { HookName, TableName, TargetKind } from "@nfx/model";

export type TargetCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * May a rule with target `kind` sit in `table` at `where`: a built-in chain's hook, or for a user chain the
 * hooks of every base chain that reaches it (an empty set: reached by none, so the kernel does not check yet).
 * The rule form asks this before a rule exists; the decision is the one tableProblems makes when the rule is
 * added (iptables-save's target-placement.ts), here in plain words.
 */
export function targetAllowed(table: TableName, where: HookName | readonly HookName[], kind: TargetKind): TargetCheck {
  const hooks: readonly HookName[] = typeof where === "string" ? [where] : where;
  let used = 0;
  for (const h of hooks) used |= hookBit(h);
  const problem = tablePlacement(table, kind) ?? hookPlacement(kind, used);
  if (!problem) return { ok: true };
  switch (problem.kind) {
    case "nat-drop":
      return {
        ok: false,
        reason: 'The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.',
      };
    case "wrong-table":
      return { ok: false, reason: `${kind} is only valid in the ${problem.only} table, not in ${table}.` };
    case "wrong-hooks": {
      const bad = problem.used.filter((h) => !problem.only.includes(h));
      const via = typeof where === "string" ? "" : " (this chain is reached from there)";
      return {
        ok: false,
        reason: `${kind} is only valid in ${problem.only.join(" and ")}, not in ${bad.join(", ")}${via}.`,
      };
    }
  }
}
