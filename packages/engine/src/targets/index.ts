import type { Target } from "@nfx/model";
import type { Action, Effect } from "../compiled-chain";
import type { PacketSnapshot } from "../result";
import type { ChainsByName, TargetDefinition, TargetDefinitions, TargetEffect } from "./definition";
import { dscpDefinition, tosDefinition, ttlDefinition } from "./header-fields";
import { logDefinition, nflogDefinition, traceDefinition } from "./log";
import { connmarkDefinition, markDefinition } from "./marks";
import { masqueradeDefinition, natTargetDefinition, redirectDefinition } from "./nat";
import { ctDefinition, notrackDefinition } from "./tracking";
import {
  acceptDefinition,
  dropDefinition,
  gotoDefinition,
  jumpDefinition,
  rejectDefinition,
  returnDefinition,
  unsupportedDefinition,
} from "./verdicts";

export type { ChangedField, FieldChange, TargetEffect, TargetEffectKind } from "./definition";

/** Every target the engine knows, by kind. */
export const TARGET_DEFINITIONS: TargetDefinitions = {
  ACCEPT: acceptDefinition,
  DROP: dropDefinition,
  RETURN: returnDefinition,
  jump: jumpDefinition,
  goto: gotoDefinition,
  REJECT: rejectDefinition,
  LOG: logDefinition,
  NFLOG: nflogDefinition,
  TRACE: traceDefinition,
  MARK: markDefinition,
  CONNMARK: connmarkDefinition,
  DNAT: natTargetDefinition,
  SNAT: natTargetDefinition,
  MASQUERADE: masqueradeDefinition,
  REDIRECT: redirectDefinition,
  NOTRACK: notrackDefinition,
  CT: ctDefinition,
  TOS: tosDefinition,
  TTL: ttlDefinition,
  DSCP: dscpDefinition,
  unsupported: unsupportedDefinition,
};

function definitionOf(target: Target): TargetDefinition<Target> {
  // The table is keyed by kind, so this definition takes this very target; TypeScript cannot see that.
  return TARGET_DEFINITIONS[target.kind] as TargetDefinition<Target>;
}

/** What the rule loop does when a rule with `target` matches; a rule without a target goes on. */
export function compileAction(target: Target | null, chains: ChainsByName): Action {
  return target === null ? { k: "continue" } : definitionOf(target).action(target, chains);
}

/**
 * The packet change of a target that lets the packet go on (LOG, MARK, NOTRACK...): nft's statements that do
 * the same thing (`log`, `notrack`) run this very code, so the two languages cannot drift apart.
 */
export function targetEffect(target: Target): Effect | null {
  const action = definitionOf(target).action(target, NO_CHAINS);
  return action.k === "effect" ? action.apply : null;
}

const NO_CHAINS: ChainsByName = new Map();

export function targetNeedsConntrack(target: Target): boolean {
  return definitionOf(target).needsConntrack(target);
}

/**
 * What `target` (null: the rule has none) did to a packet that matched its rule, from the packet as the rule saw it and as the next rule
 * saw it (the same snapshot when the target changed nothing). Called on demand, like `explainRule`.
 */
export function explainTarget(target: Target | null, before: PacketSnapshot, after: PacketSnapshot): TargetEffect {
  return target === null ? { kind: "continue" } : definitionOf(target).explain(target, before, after);
}
