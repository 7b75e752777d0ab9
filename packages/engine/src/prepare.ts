import { type Host, type Ruleset, TABLE_HOOKS } from "@nfx/model";
import { compileRuleset } from "./compile";
import { Routing } from "./routing/routing";

/**
 * Lays out, before the first packet, the chains every packet meets first: each base chain and the chains its
 * rules jump or go to (a Kubernetes node's KUBE-SERVICES, 44,000 rules). Layouts are kept with the parsed
 * chains, so a loader that calls this once a ruleset is in (in idle time) spares the first packet that work;
 * nothing else is kept, and no rule state is made. Chains further down are laid out when a packet reaches them.
 */
export function prepareRuleset(host: Host, ruleset: Ruleset): void {
  const routing = new Routing(host);
  const rs = compileRuleset(ruleset, new Map(routing.interfaceNames().map((name, i) => [name, i] as const)));
  for (const table of ruleset.tables) {
    for (const hook of TABLE_HOOKS[table.name]) {
      const base = rs.base(table.name, hook);
      if (!base) continue;
      for (const rule of base.rules) {
        const target = rule.target;
        if (target && (target.kind === "jump" || target.kind === "goto")) rs.chain(table.name, target.chain);
      }
    }
  }
}
