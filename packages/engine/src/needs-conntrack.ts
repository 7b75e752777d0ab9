// Whether a ruleset needs conntrack at all, read once per ruleset.
import type { Ruleset } from "@nfx/model";
import { matchNeedsConntrack } from "./matches";
import { targetNeedsConntrack } from "./targets";

const conntrackNeeded = new WeakMap<Ruleset, boolean>();

/**
 * True when some rule needs conntrack (a conntrack/state/connmark match, NAT, CONNMARK, CT other than notrack).
 * It reads rules only up to the first that does: on a Kubernetes node that is a rule of filter INPUT.
 */
export function rulesetNeedsConntrack(ruleset: Ruleset): boolean {
  let needs = conntrackNeeded.get(ruleset);
  if (needs === undefined) {
    needs = ruleset.tables.some((t) =>
      t.chains.some((c) =>
        c.rules.some(
          (r) => r.matches.some(matchNeedsConntrack) || (r.target !== null && targetNeedsConntrack(r.target)),
        ),
      ),
    );
    conntrackNeeded.set(ruleset, needs);
  }
  return needs;
}
