export { type CheckResult, checkRuleset } from "./check/check-ruleset";
export type { Diagnostic, Severity } from "./diagnostics";
export { formatRulesetAsCommands } from "./format/format-commands";
export { formatRule, formatRuleAsCommand, formatRuleBody } from "./format/format-rule";
export { type FormatOptions, formatRuleLine, formatRuleset } from "./format/format-ruleset";
export { chainRuleCount } from "./lazy/lazy-chain";
export { LazyParse, parseRulesetLazy } from "./lazy/lazy-parse";
export { detectFormat, type ParseResult, parseRuleset } from "./parse-ruleset";
export { reachingHooks } from "./reaching-hooks";
export {
  type CheckedTable,
  type KernelError,
  problemMessage,
  type RuleOperation,
  type TableProblem,
  type TableProblemCode,
  tableProblems,
} from "./table-problems";
export {
  allowedHooks,
  hookBit,
  hookPlacement,
  hooksOf,
  type PlacementProblem,
  tablePlacement,
} from "./target-placement";
export { TARGET_NAMES } from "./targets/registry";
export { type ParseReader, parsesWhole, WHOLE_PARSE_BELOW } from "./whole-or-lazy";
