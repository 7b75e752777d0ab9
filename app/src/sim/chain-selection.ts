import type { SimulationResult } from "@nfx/engine";
import type { ParseResult } from "@nfx/iptables-save";
import { type Chain, chainIndexNamed, type TableName } from "@nfx/model";
import type { ChainView } from "./protocol";

/** Up to this many chains a view carries them all; kube-5000 has about 20,000, a whole node 178,795. */
export const CHAINS_IN_VIEW = 2000;

/**
 * Chains made per service or per endpoint by kube-proxy and Cilium: thousands on a node, each found by the chain
 * finder rather than listed. The others (KUBE-SERVICES, KUBE-NODEPORTS, a user's own) are the ruleset's structure.
 */
export const PER_SERVICE_CHAIN = /^(KUBE-(SVC|SEP|SVL|EXT|FW)-|CILIUM_)/;

/** Positions, per table, of the chains every view of a ruleset carries: built-in and structural ones. */
export type Standing = ReadonlyMap<
  TableName,
  { readonly builtin: readonly number[]; readonly structural: readonly number[] }
>;

/** The chains every view carries, read once per parse (`RulesetCache.derived`): a node has 178,795 names to test. */
export function standingChains(parsed: ParseResult): Standing {
  const m = new Map<TableName, { builtin: number[]; structural: number[] }>();
  let structural = 0;
  for (const table of parsed.ruleset.tables) {
    const entry = { builtin: [] as number[], structural: [] as number[] };
    table.chains.forEach((c, i) => {
      if (c.policy !== null) entry.builtin.push(i);
      // Twice the view's size: the chains a packet entered are taken out of these later.
      else if (structural < 2 * CHAINS_IN_VIEW && !PER_SERVICE_CHAIN.test(c.name)) {
        entry.structural.push(i);
        structural++;
      }
    });
    m.set(table.name, entry);
  }
  return m;
}

/**
 * Which chains a view of a large ruleset carries: the built-in ones (the diagram's cells), those a packet
 * entered (the counters), and the structural ones (the chain picker), at most `CHAINS_IN_VIEW` in all. The walk
 * over every chain happens once per parse (`standingChains`), in the worker; a simulation adds the chains its packets entered, found
 * by name, so nothing on the page, and nothing per packet, walks the whole ruleset.
 */
export function selectChains(
  parsed: ParseResult,
  result: SimulationResult,
  fixed: Standing,
  view: (table: TableName, chain: Chain) => ChainView,
): readonly ChainView[] {
  const entered = new Map<TableName, Set<number>>();
  for (const { table, chain } of result.counters) {
    const t = parsed.ruleset.tables.find((x) => x.name === table);
    const at = t ? chainIndexNamed(t, chain) : -1;
    if (!t || at < 0) continue;
    const set = entered.get(t.name) ?? new Set<number>();
    entered.set(t.name, set.add(at));
  }
  const out: ChainView[] = [];
  const later: ChainView[] = [];
  for (const table of parsed.ruleset.tables) {
    const { builtin = [], structural = [] } = fixed.get(table.name) ?? {};
    const own = entered.get(table.name) ?? new Set<number>();
    for (const i of builtin) own.add(i);
    // In the table's order, as the full walk listed them.
    for (const i of [...own].sort((a, b) => a - b)) out.push(view(table.name, table.chains[i]!));
    for (const i of structural)
      if (!own.has(i) && later.length < CHAINS_IN_VIEW) later.push(view(table.name, table.chains[i]!));
  }
  return [...out, ...later.slice(0, Math.max(0, CHAINS_IN_VIEW - out.length))];
}
