import type { Diagnostic } from "../diagnostics";

/**
 * What checkRuleset (check-ruleset.ts) or its quick pass (quick-check.ts) finds: the parse's diagnostics and the
 * size of the ruleset it would make. In a file of its own, which both name without importing each other.
 */
export interface CheckResult {
  /** Exactly parseRuleset's diagnostics, in line order. */
  readonly diagnostics: readonly Diagnostic[];
  readonly format: "iptables-save" | "script";
  readonly tables: number;
  readonly chains: number;
  readonly rules: number;
}
