import type { ChainHit } from "@nfx/ruleset-edit";
import type { Found } from "./FindBox";

/**
 * Where the rule form's jump targets come from: listed, when the view carries every chain of the table; found
 * through the worker's chain search, when it carries only some (a node's 178,795 chains stay in the worker), so a
 * chain the view leaves out can still be jumped to.
 */
export type JumpTargets =
  | { readonly kind: "listed"; readonly chains: readonly string[] }
  | { readonly kind: "found"; readonly find: (text: string) => Promise<Found<ChainHit> | null> };
