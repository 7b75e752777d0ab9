export type { Diagnostic, Severity } from "./diagnostics";
export { formatRulesetAsCommands } from "./format/format-commands";
export { formatRule, formatRuleAsCommand, formatRuleBody } from "./format/format-rule";
export { type FormatOptions, formatRuleset } from "./format/format-ruleset";
export { detectFormat, type ParseResult, parseRuleset } from "./parse-ruleset";
