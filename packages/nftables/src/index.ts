export { detectRulesetLanguage, type RulesetLanguage } from "./detect";
export type { Diagnostic, Severity } from "./diagnostics";
export { ICMP_CODE_NAMES, ICMP_CODES, ICMP_TYPES } from "./icmp-names";
export * from "./model";
export { parseNftJson } from "./parse-json";
export { type ParseResult, parseNft } from "./parse-text";
export { type PrintOptions, printNft, printStatement } from "./print";
export { formatPriority, namedPriorityValue, priorityForValue } from "./priority";
export { statementSetRefs, statementVerdicts } from "./walk";
