import type { RuleEntry, RulesetBuilder } from "./ruleset-builder";
import { tableProblems } from "./table-problems";

/**
 * The checks that need the whole table (what iptables-nft and the kernel refuse at commit), by the same code as
 * rule edits use: each refused rule is reported at its target and left out of the ruleset.
 */
export function validateTables(b: RulesetBuilder): void {
  for (const table of b.tables.values()) {
    const states = [...table.chains.values()];
    const chains = states.map((c) => ({ name: c.name, rules: c.rules.map((e) => e.rule) }));
    // The kernel gets the rules in the order of the lines that made them.
    const problems = tableProblems({ name: table.name, chains }, (c, r) => states[c]!.rules[r]!.line);
    if (problems.length === 0) continue;
    const bad = new Set<RuleEntry>();
    for (const p of problems) {
      const entry = states[p.chainIndex]!.rules[p.rule]!;
      const column = entry.targetColumn || entry.rule.pos?.column || 1;
      b.error(p.code, p.message, entry.line, column, entry.targetColumn ? entry.targetEnd : undefined, p.hint);
      bad.add(entry);
    }
    for (const chain of states) chain.rules = chain.rules.filter((e) => !bad.has(e));
  }
}
