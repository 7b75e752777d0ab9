import {
  HOOKS,
  type HookName,
  MATCH_HOOKS,
  type Match,
  TARGET_PLACES,
  type TableName,
  type TargetKind,
} from "@nfx/model";

/**
 * Why a target may not sit where a rule puts it. The parser and the editor report these in iptables' words
 * (table-problems.ts), the rule form in plain words (ruleset-edit's targetAllowed); all decide here.
 */
export type PlacementProblem =
  /** iptables itself refuses it before the kernel sees the rule. */
  | { readonly kind: "nat-drop" }
  /** `xt_check_target`: the target registers one table. */
  | { readonly kind: "wrong-table"; readonly target: TargetKind; readonly table: TableName; readonly only: TableName }
  /** `xt_check_target`: the target registers some hooks; a user chain counts every hook that reaches it. */
  | {
      readonly kind: "wrong-hooks";
      readonly target: TargetKind;
      readonly used: readonly HookName[];
      readonly only: readonly HookName[];
    };

/** Every hook, as a bit set (bit i = HOOKS[i]). */
export const ALL_HOOKS = (1 << HOOKS.length) - 1;

export function hookBit(hook: HookName): number {
  return 1 << HOOKS.indexOf(hook);
}

export function hooksOf(mask: number): HookName[] {
  return HOOKS.filter((_, i) => mask & (1 << i));
}

/** The hooks a target may be used from, as a bit set: ALL_HOOKS when it is not limited. */
export function allowedHooks(kind: TargetKind): number {
  const hooks = TARGET_PLACES[kind]?.hooks;
  if (!hooks) return ALL_HOOKS;
  let mask = 0;
  for (const h of hooks) mask |= hookBit(h);
  return mask;
}

/** What is wrong with the target in this table, wherever the rule is: the checks that need no jump graph. */
export function tablePlacement(table: TableName, kind: TargetKind): PlacementProblem | null {
  if (kind === "DROP" && table === "nat") return { kind: "nat-drop" };
  const place = TARGET_PLACES[kind];
  if (place && place.table !== table) return { kind: "wrong-table", target: kind, table, only: place.table };
  return null;
}

/**
 * What is wrong with the target used from these hooks (bit set): a built-in chain's own hook, or for a user chain
 * every hook whose base chain reaches it (none: not reached, so the kernel does not check it yet).
 */
export function hookPlacement(kind: TargetKind, used: number): PlacementProblem | null {
  const allowed = allowedHooks(kind);
  if ((used & ~allowed) === 0) return null;
  return { kind: "wrong-hooks", target: kind, used: hooksOf(used), only: hooksOf(allowed) };
}

/** `xt_check_match`: a match module registered for some hooks, used from others. */
export interface MatchPlacementProblem {
  readonly kind: "wrong-match-hooks";
  readonly match: string;
  readonly used: readonly HookName[];
  readonly only: readonly HookName[];
}

function matchHooks(module: Match["module"]): number {
  const hooks = MATCH_HOOKS[module];
  if (!hooks) return ALL_HOOKS;
  let mask = 0;
  for (const h of hooks) mask |= hookBit(h);
  return mask;
}

/** The hooks every match of a rule may be used from, as a bit set: ALL_HOOKS when none is limited. */
export function matchesAllowedHooks(matches: readonly Match[]): number {
  let mask = ALL_HOOKS;
  for (const m of matches) mask &= matchHooks(m.module);
  return mask;
}

/** The first match of the rule (the kernel checks them in order, before the target) not allowed from `used`. */
export function matchPlacement(matches: readonly Match[], used: number): MatchPlacementProblem | null {
  for (const m of matches) {
    const allowed = matchHooks(m.module);
    if ((used & ~allowed) !== 0) {
      return { kind: "wrong-match-hooks", match: m.module, used: hooksOf(used), only: hooksOf(allowed) };
    }
  }
  return null;
}
