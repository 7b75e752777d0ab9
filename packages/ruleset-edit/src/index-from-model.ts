import { formatRuleBody } from "@nfx/iptables-save";
import type { Ruleset } from "@nfx/model";
import { IndexBuilder, type RulesetIndex } from "./ruleset-index";

/**
 * The search index of a parsed ruleset, its rules printed one a line as iptables-save would: for what
 * scan-save-text.ts does not read (a script of commands, a text with errors). Walks and prints every rule, so it
 * is the slow way; a node's dump takes the scan.
 */
export function indexFromRuleset(ruleset: Ruleset): RulesetIndex {
  const b = new IndexBuilder();
  const lines: string[] = [];
  let offset = 0;
  for (const table of ruleset.tables)
    for (const chain of table.chains) {
      const id = b.chain(table.name, chain.name);
      for (const rule of chain.rules) {
        const line = `-A ${chain.name}${formatRuleBody(rule)}`;
        b.rule(id, offset);
        lines.push(line);
        offset += line.length + 1;
        // The first comment of each rule, as the scan reads it.
        const comment = b.wantsComment(id) ? rule.matches.find((m) => m.module === "comment") : undefined;
        if (comment) b.comment(id, comment.comment);
      }
    }
  return b.finish(lines.join("\n"));
}
