import type { SimulationResult } from "@nfx/engine";
import type { ParseResult } from "@nfx/iptables-save";
import type { TableName } from "@nfx/model";
import type { ChainView } from "./protocol";

/** Up to this many chains a view carries them all; kube-5000 has about 20,000, a whole node 178,795. */
export const CHAINS_IN_VIEW = 2000;

/**
 * Chains made per service or per endpoint by kube-proxy and Cilium: thousands on a node, each found by the chain
 * finder rather than listed. The others (KUBE-SERVICES, KUBE-NODEPORTS, a user's own) are the ruleset's structure.
 */
export const PER_SERVICE_CHAIN = /^(KUBE-(SVC|SEP|SVL|EXT|FW)-|CILIUM_)/;

/**
 * Which chains a view of a large ruleset carries: the built-in ones (the diagram's cells), those a packet
 * entered (the counters), and the structural ones (the chain picker), at most `CHAINS_IN_VIEW` in all. It walks
 * the parse in the worker, once per simulation, so nothing on the page walks the whole ruleset.
 */
export function selectChains(
  parsed: ParseResult,
  result: SimulationResult,
  view: (table: TableName, chain: ParseResult["ruleset"]["tables"][number]["chains"][number]) => ChainView,
): readonly ChainView[] {
  const entered = new Set(result.counters.map((c) => `${c.table}/${c.chain}`));
  const out: ChainView[] = [];
  const later: ChainView[] = [];
  for (const table of parsed.ruleset.tables)
    for (const c of table.chains) {
      if (c.policy !== null || entered.has(`${table.name}/${c.name}`)) out.push(view(table.name, c));
      else if (!PER_SERVICE_CHAIN.test(c.name) && later.length < CHAINS_IN_VIEW) later.push(view(table.name, c));
    }
  return [...out, ...later.slice(0, Math.max(0, CHAINS_IN_VIEW - out.length))];
}
