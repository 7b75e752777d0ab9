import { hookBit, hookPlacement, type PlacementProblem, tablePlacement } from "@nfx/iptables-save";
import type { HookName, TableName, TargetKind } from "@nfx/model";

/**
 * Whether the rule form may offer a target here, and if not why, as data the app words in the reader's
 * language: the placement problem (iptables-save's target-placement.ts decides it), the hooks of this place the
 * target may not be used from, and whether they reach a user chain rather than being its own hook.
 */
export type TargetCheck =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly kind: TargetKind;
      readonly table: TableName;
      readonly problem: PlacementProblem;
      /** For `wrong-hooks`: the hooks used here that the target does not allow. */
      readonly refused: readonly HookName[];
      /** The chain is a user chain, reached from those hooks. */
      readonly reached: boolean;
    };

/**
 * May a rule with target `kind` sit in `table` at `where`: a built-in chain's hook, or for a user chain the
 * hooks of every base chain that reaches it (an empty set: reached by none, so the kernel does not check yet).
 * The rule form asks this before a rule exists; the decision is the one tableProblems makes when the rule is
 * added (iptables-save's target-placement.ts).
 */
export function targetAllowed(table: TableName, where: HookName | readonly HookName[], kind: TargetKind): TargetCheck {
  const hooks: readonly HookName[] = typeof where === "string" ? [where] : where;
  let used = 0;
  for (const h of hooks) used |= hookBit(h);
  const problem = tablePlacement(table, kind) ?? hookPlacement(kind, used);
  if (!problem) return { ok: true };
  const refused = problem.kind === "wrong-hooks" ? problem.used.filter((h) => !problem.only.includes(h)) : [];
  return { ok: false, kind, table, problem, refused, reached: typeof where !== "string" };
}
