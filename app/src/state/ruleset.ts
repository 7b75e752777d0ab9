/**
 * The ruleset as the page holds it (inline text, or a handle on one the engine worker holds), for the folders
 * that may not reach into sim/ (persist, share, gallery): the definitions live with the engine adapter.
 */
export {
  INLINE_RULESET_BYTES,
  inlineScenario,
  isEmptyRuleset,
  isHandle,
  type PageScenario,
  type RulesetHandle,
  type RulesetSource,
  rulesetBytes,
} from "../sim/ruleset-source";
