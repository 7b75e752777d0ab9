import { type HookName, isBuiltinChain, TABLE_HOOKS } from "@nfx/model";
import { JumpGraph } from "./jump-graph";
import type { CheckedTable } from "./table-problems";
import { hookBit, hooksOf } from "./target-placement";

/**
 * The hooks of the base chains that reach `chain` through jumps and gotos (for a built-in chain, its own hook):
 * where the kernel checks a limited target in it, and what the rule form offers there.
 */
export function reachingHooks(table: CheckedTable, chain: string): HookName[] {
  if (isBuiltinChain(table.name, chain)) return [chain];
  const { chains } = table;
  const ids = new Map<string, number>();
  for (let i = 0; i < chains.length; i++) ids.set(chains[i]!.name, i);
  const at = ids.get(chain);
  if (at === undefined) return [];
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < chains.length; i++) {
    for (const r of chains[i]!.rules) {
      const t = r.target;
      const id = t && (t.kind === "jump" || t.kind === "goto") ? ids.get(t.chain) : undefined;
      if (id === undefined) continue;
      from.push(i);
      to.push(id);
    }
  }
  const hooks = TABLE_HOOKS[table.name].filter((h) => ids.has(h));
  const mask = new JumpGraph(chains.length, from, to).reachingBases(hooks.map((h) => ids.get(h)!))[at]!;
  let bits = 0;
  hooks.forEach((h, i) => {
    if (mask & (1 << i)) bits |= hookBit(h);
  });
  return hooksOf(bits);
}
