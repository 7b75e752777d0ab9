/**
 * Rule handle -> position. The trace names rules by nft handle, which is creation-ordered and shared by the
 * chains and rules of a table; the answer format names them by 1-based position in their chain.
 *
 * Tables are keyed by their name in the answer's vocabulary (`tableLabel`): a table of family `ip` by its bare
 * name (a native `table ip filter` is the same kernel table as iptables-nft's), any other as `FAMILY TABLE`.
 */

export interface RulePosition {
  chain: string;
  position: number;
}

/** handle -> position, per table label. */
export type HandleMap = Map<string, Map<number, RulePosition>>;

/** The table part of a trace event: `filter` for family ip, `inet fw` for the others. */
export function tableLabel(family: string, table: string): string {
  return family === "ip" ? table : `${family} ${table}`;
}

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

interface JsonRule {
  family?: unknown;
  table?: unknown;
  chain?: unknown;
  handle?: unknown;
}

/**
 * Read `nft -j list ruleset` (every family, handles always included) and map each rule to its position in its
 * chain: rules come in chain order, so the n-th rule seen for a chain is its n-th rule. The text listing is not
 * used for this because a set's or map's multi-line elements and nested braces make its lines ambiguous.
 * Tables whose label is in `skip` (the recorder's own) are left out.
 */
export function parseRulesetJson(json: string, skip: ReadonlySet<string> = new Set()): HandleMap {
  const map: HandleMap = new Map();
  const doc = JSON.parse(json) as { nftables?: Array<{ rule?: JsonRule }> };
  const counts = new Map<string, number>();
  for (const item of doc.nftables ?? []) {
    const r = item.rule;
    if (!r || typeof r.family !== "string" || typeof r.table !== "string" || typeof r.chain !== "string") continue;
    if (typeof r.handle !== "number") continue;
    const label = tableLabel(r.family, r.table);
    if (skip.has(label)) continue;
    const key = `${label}\u0000${r.chain}`;
    const position = (counts.get(key) ?? 0) + 1;
    counts.set(key, position);
    let rules = map.get(label);
    if (!rules) {
      rules = new Map();
      map.set(label, rules);
    }
    rules.set(r.handle, { chain: r.chain, position });
  }
  return map;
}

/** Position of a rule handle; undefined when the listing did not have it. */
export function rulePosition(map: HandleMap, table: string, handle: number): RulePosition | undefined {
  return map.get(table)?.get(handle);
}
