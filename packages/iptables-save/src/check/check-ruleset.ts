import { parseRestore } from "../parse-restore";
import { detectFormat, parseRuleset } from "../parse-ruleset";
import { RulesetBuilder } from "../ruleset-builder";
import { ALL_HOOKS, matchesAllowedHooks } from "../target-placement";
import type { CheckResult } from "./check-result";
import { CheckedRules } from "./checked-rules";
import { quickCheck } from "./quick-check";
import { TableFacts } from "./table-facts";

export type { CheckResult } from "./check-result";

function fromParse(text: string): CheckResult {
  const { ruleset, diagnostics, format } = parseRuleset(text);
  let chains = 0;
  let rules = 0;
  for (const t of ruleset.tables) {
    chains += t.chains.length;
    for (const c of t.chains) rules += c.rules.length;
  }
  return { diagnostics, format, tables: ruleset.tables.length, chains, rules };
}

/**
 * parseRuleset's verdict on a text (its diagnostics, and how many tables, chains and rules it keeps), found
 * without building the ruleset: iptables-save's own lines are checked where they are (fast/canonical-lines.ts)
 * and the whole-table checks run on each rule's target (table-facts.ts). Any line the fast path does not take
 * is read by the general parser, which reports its errors. When that cannot give the same answer (commands other
 * than appends, a script) or a whole-table check refuses a rule, the text is parsed in full, so the diagnostics
 * are always parseRuleset's, to the column.
 */
export function checkRuleset(text: string): CheckResult {
  if (detectFormat(text) !== "iptables-save") return fromParse(text);
  const quick = quickCheck(text);
  if (quick) return quick;
  // kube-proxy's rulesets declare a chain every 400-420 bytes; most others fewer.
  const b = new RulesetBuilder(text.length >> 9);
  const checked = new CheckedRules(b, text);
  parseRestore(text, b, checked);

  // A chain declared again, or a table restored again, drops rules: the full parse says which.
  if (checked.mixed || b.replaced > 0) return fromParse(text);

  // Each chain's table and index in it, by serial (all chains are live: none was replaced). A table's chains
  // were declared in one block, so their serials run on from its first: no map from name to index is needed.
  const facts: TableFacts[] = [];
  const tableOf = new Int32Array(b.chainCount);
  const local = new Int32Array(b.chainCount);
  let chains = 0;
  let rules = checked.count;
  for (const table of b.tables.values()) {
    let first = -1;
    let next = 0;
    for (const chain of table.chains.values()) {
      if (first < 0) first = next = chain.serial;
      if (chain.serial !== next++) return fromParse(text); // not one block: cannot happen without -N or -X
      tableOf[chain.serial] = facts.length;
      local[chain.serial] = chain.serial - first;
    }
    const idOf = (name: string) => {
      const c = table.chains.get(name);
      return c === undefined ? undefined : c.serial - first;
    };
    const f = new TableFacts(table.name, table.chains.size, idOf);
    for (const chain of table.chains.values()) {
      // The rules the general parser built (checked ones are not in their chains).
      const rs = chain.rules;
      for (let r = 0; r < rs.length; r++) {
        const rule = rs[r]!.rule;
        const t = rule.target;
        const to = t && (t.kind === "jump" || t.kind === "goto") ? (idOf(t.chain) ?? -1) : -1;
        f.add(local[chain.serial]!, t ? t.kind : null, to, matchesAllowedHooks(rule.matches));
      }
      rules += rs.length;
    }
    facts.push(f);
    chains += table.chains.size;
  }
  const { chain, to, kinds } = checked;
  for (let k = 0; k < checked.count; k++) {
    const serial = chain[k]!;
    const dest = to[k]!;
    facts[tableOf[serial]!]!.add(local[serial]!, kinds[k]!, dest < 0 ? -1 : local[dest]!, ALL_HOOKS);
  }
  if (facts.some((f) => f.hasProblem())) return fromParse(text);
  const diagnostics = b.diagnostics.sort((x, y) => x.line - y.line || x.column - y.column);
  return { diagnostics, format: "iptables-save", tables: b.tables.size, chains, rules };
}
