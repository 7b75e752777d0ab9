import { formatRuleBody } from "@nfx/iptables-save";
import type { Ruleset } from "@nfx/model";
import { IndexBuilder, type RulesetIndex } from "./ruleset-index";

/**
 * The search index of a parsed ruleset, over lines made as iptables-save would print them (a `:CHAIN` line, then
 * its rules): for what scan-save-text.ts does not read (a script of commands, a text with errors). Walks and
 * prints every rule, so it is the slow way; a node's dump takes the scan.
 */
export function indexFromRuleset(ruleset: Ruleset): RulesetIndex {
  const b = new IndexBuilder();
  const lines: string[] = [];
  const rules: [chain: number, start: number, end: number][] = [];
  let offset = 0;
  const add = (line: string) => {
    lines.push(line);
    offset += line.length + 1;
  };
  for (const table of ruleset.tables)
    for (const chain of table.chains) {
      const id = b.chain(table.name, offset);
      add(`:${chain.name} ${chain.policy ?? "-"}`);
      for (const rule of chain.rules) {
        const start = offset;
        add(`-A ${chain.name}${formatRuleBody(rule)}`);
        rules.push([id, start, offset - 1]);
      }
    }
  const text = lines.join("\n");
  for (const [chain, start, end] of rules) b.rule(text, chain, start, end);
  return b.finish(text);
}
