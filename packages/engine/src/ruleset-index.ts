import { type Chain, isBuiltinChain, type Ruleset, type Table } from "@nfx/model";
import { matchNeedsConntrack } from "./matches";
import { targetNeedsConntrack } from "./targets";

/**
 * What the engine looks up in a parsed ruleset, kept with it (WeakMaps keyed by the model's own objects) so every
 * simulation of the same ruleset shares one copy, and never built by walking every chain's rules: a lazily
 * parsed ruleset parses a chain's rules only when they are read.
 */
interface TableIndex {
  /** How many chains at the head of the list are built-in ones (iptables-save writes those first). */
  readonly lead: number;
  /** Every chain by name: built only when the sorted lookup misses (see `chainNamed`). */
  all: Map<string, number> | null;
}

const indexes = new WeakMap<Table, TableIndex>();

function indexOf(table: Table): TableIndex {
  let index = indexes.get(table);
  if (!index) {
    const chains = table.chains;
    let lead = 0;
    while (lead < chains.length && isBuiltinChain(table.name, chains[lead]!.name)) lead++;
    index = { lead, all: null };
    indexes.set(table, index);
  }
  return index;
}

/** Binary search for `name` in `chains[from..)`, which iptables-save writes sorted by name; -1 if not there. */
function sortedSearch(chains: readonly Chain[], from: number, name: string): number {
  let lo = from;
  let hi = chains.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = chains[mid]!.name;
    if (at === name) return mid;
    if (at < name) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The chain `name` of `table` (a table holds each name once: the parser keeps its chains by name). iptables-save
 * writes the built-in chains first and the user chains sorted by name, so a lookup is a few compares and never
 * reads the 178,795 chain names of a big node; a name the sorted search misses (a hand-written file in another
 * order, or a chain the table lacks) builds the whole index once, which answers for certain.
 */
export function chainNamed(table: Table, name: string): { readonly chain: Chain; readonly position: number } | null {
  const chains = table.chains;
  const index = indexOf(table);
  let position = -1;
  if (index.all) position = index.all.get(name) ?? -1;
  else {
    for (let i = 0; i < index.lead; i++) if (chains[i]!.name === name) position = i;
    if (position < 0) position = sortedSearch(chains, index.lead, name);
    if (position < 0) {
      const all = new Map<string, number>();
      for (let i = 0; i < chains.length; i++) all.set(chains[i]!.name, i);
      index.all = all;
      position = all.get(name) ?? -1;
    }
  }
  return position < 0 ? null : { chain: chains[position]!, position };
}

const conntrackNeeded = new WeakMap<Ruleset, boolean>();

/**
 * True when some rule needs conntrack (a conntrack/state/connmark match, NAT, CONNMARK, CT other than notrack).
 * It reads rules only up to the first that does: on a Kubernetes node that is a rule of filter INPUT.
 */
export function rulesetNeedsConntrack(ruleset: Ruleset): boolean {
  let needs = conntrackNeeded.get(ruleset);
  if (needs === undefined) {
    needs = ruleset.tables.some((t) =>
      t.chains.some((c) =>
        c.rules.some(
          (r) => r.matches.some(matchNeedsConntrack) || (r.target !== null && targetNeedsConntrack(r.target)),
        ),
      ),
    );
    conntrackNeeded.set(ruleset, needs);
  }
  return needs;
}
