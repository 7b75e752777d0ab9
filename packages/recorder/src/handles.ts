/**
 * Rule handle -> position. The trace names rules by nft handle, which is creation-ordered and shared by the
 * chains and rules of a table; the answer format names them by 1-based position in their chain.
 */

export interface RulePosition {
  chain: string;
  position: number;
}

/** handle -> position, per table. */
export type HandleMap = Map<string, Map<number, RulePosition>>;

/** Read `nft -a list table ip TABLE` output and add its rules to `into` under `table`. */
export function parseTableListing(table: string, listing: string, into: HandleMap = new Map()): HandleMap {
  const rules = into.get(table) ?? new Map<number, RulePosition>();
  into.set(table, rules);
  let chain: string | null = null;
  let position = 0;
  for (const raw of listing.split("\n")) {
    const line = raw.trim();
    const chainStart = /^chain ("[^"]+"|\S+) \{/.exec(line);
    if (chainStart) {
      chain = chainStart[1]!.replace(/^"|"$/g, "");
      position = 0;
      continue;
    }
    if (line === "}") {
      chain = null;
      continue;
    }
    const handle = /# handle (\d+)$/.exec(line);
    if (chain === null || !handle || /^type \S+ hook /.test(line)) continue;
    position += 1;
    rules.set(Number(handle[1]), { chain, position });
  }
  return into;
}

/** Position of a rule handle; undefined when the listing did not have it. */
export function rulePosition(map: HandleMap, table: string, handle: number): RulePosition | undefined {
  return map.get(table)?.get(handle);
}
