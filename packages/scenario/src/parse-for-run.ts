import { type ParseResult, parseRuleset, parseRulesetLazy, parsesWhole } from "@nfx/iptables-save";

/** runScenario's default reading of a ruleset: parseRuleset's result either way, see @nfx/iptables-save's parsesWhole. */
export function parseForRun(text: string): ParseResult {
  return parsesWhole(text, "after-check") ? parseRuleset(text) : parseRulesetLazy(text);
}
