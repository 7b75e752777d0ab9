import { isBuiltinChain, type Ruleset } from "@nfx/model";
import { formatRuleAsCommand } from "./format-rule";
import { chainsInSaveOrder } from "./format-ruleset";

/**
 * The ruleset as a script of `iptables` commands: `-N` for each user chain, `-P` for each built-in chain the
 * model has (which also creates it, as iptables-nft does), then `-A` for each rule.
 */
export function formatRulesetAsCommands(ruleset: Ruleset): string {
  const lines: string[] = [];
  for (const table of ruleset.tables) {
    const t = table.name === "filter" ? "" : ` -t ${table.name}`;
    const present = new Set(table.chains.map((c) => c.name));
    const chains = chainsInSaveOrder(table).filter((c) => present.has(c.name));
    for (const c of chains) {
      if (c.policy === null || !isBuiltinChain(table.name, c.name)) lines.push(`iptables${t} -N ${c.name}`);
      else lines.push(`iptables${t} -P ${c.name} ${c.policy}`);
    }
    for (const c of chains) for (const rule of c.rules) lines.push(formatRuleAsCommand(table.name, c.name, rule));
  }
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}
