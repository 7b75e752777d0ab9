import type { Chain, Rule, Ruleset, Table } from "@nfx/model";
import type { Diagnostic } from "./diagnostics";
import { BuiltLines, parseRestore } from "./parse-restore";
import { parseScript } from "./parse-script";
import { RulesetBuilder } from "./ruleset-builder";
import { validateTables } from "./validate";

/** What {@link parseRuleset} returns. */
export interface ParseResult {
  readonly ruleset: Ruleset;
  /** Every problem found, in line order. Lines with errors are left out of the ruleset. */
  readonly diagnostics: Diagnostic[];
  /** Which syntax the text was read as. */
  readonly format: "iptables-save" | "script";
  /** True when some rule line carried `[packets:bytes]` (so printing it back should use `counters: true`). */
  readonly ruleCounters: boolean;
  /** Comment lines before the first table, for {@link FormatOptions.header}. */
  readonly header: string;
  /** Comment lines after the last COMMIT, for {@link FormatOptions.footer}. */
  readonly footer: string;
}

/** iptables-save text starts with a table, chain, rule or COMMIT line; anything else is read as a script. */
export function detectFormat(text: string): "iptables-save" | "script" {
  for (const raw of text.split("\n", 200)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    return /^[*:[-]|^COMMIT\b/.test(line) ? "iptables-save" : "script";
  }
  return "iptables-save";
}

function freeze(b: RulesetBuilder): { ruleset: Ruleset; ruleCounters: boolean } {
  let ruleCounters = false;
  const tables: Table[] = [];
  for (const t of b.tables.values()) {
    const chains: Chain[] = [];
    for (const c of t.chains.values()) {
      const rules: Rule[] = new Array(c.rules.length);
      for (let i = 0; i < rules.length; i++) {
        const rule = c.rules[i]!.rule;
        if (rule.counters) ruleCounters = true;
        rules[i] = rule;
      }
      const chain: { -readonly [K in keyof Chain]: Chain[K] } = { name: c.name, policy: c.policy, rules };
      if (c.counters) chain.counters = c.counters;
      if (c.pos) chain.pos = c.pos;
      chains.push(chain);
    }
    tables.push(t.pos ? { name: t.name, chains, pos: t.pos } : { name: t.name, chains });
  }
  return { ruleset: { tables }, ruleCounters };
}

/**
 * Reads iptables-save output or a script of `iptables` commands (detected automatically) into the model, the
 * way iptables-nft would apply it: a table block replaces the table, a built-in chain exists only once declared
 * or used. Errors never stop the parse: each bad line is reported with its position and skipped.
 */
export function parseRuleset(text: string): ParseResult {
  return parseRulesetWith(text, true);
}

/** {@link parseRuleset}, optionally without the fast path for canonical lines (tests compare the two). */
export function parseRulesetWith(text: string, fastPath: boolean): ParseResult {
  const b = new RulesetBuilder();
  const format = detectFormat(text);
  let header = "";
  let footer = "";
  if (format === "iptables-save") ({ header, footer } = parseRestore(text, b, new BuiltLines(b, text, fastPath)));
  else parseScript(text, b);
  validateTables(b);
  const diagnostics = b.diagnostics.sort((x, y) => x.line - y.line || x.column - y.column);
  return { ...freeze(b), diagnostics, format, header, footer };
}
