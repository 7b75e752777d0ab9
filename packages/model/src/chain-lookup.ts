import { isBuiltinChain } from "./netfilter";
import type { Chain, Table } from "./rule";

/**
 * Chains of a table by name, the one lookup the engine, the edits and the app's views share. iptables-save writes
 * the built-in chains first and the user chains sorted by name, so a lookup is a few compares and never reads the
 * 178,795 chain names of a node's dump: reading all of them (to hash them) cost a first packet's view 40 ms. A name
 * the sorted search misses (a hand-written file in another order, or a name the table lacks) builds, once per
 * table, an open-addressing table of positions (an Int32Array: 8 bytes a chain where a Map costs about 40), which
 * answers for certain from then on.
 */
interface TableLookup {
  /** How many chains at the head of the list are built-in ones. */
  readonly lead: number;
  /** Every chain's position by name's hash; null until the sorted search first misses. */
  slots: Int32Array | null;
}

const lookups = new WeakMap<Table, TableLookup>();

function lookupOf(table: Table): TableLookup {
  let lookup = lookups.get(table);
  if (!lookup) {
    let lead = 0;
    while (lead < table.chains.length && isBuiltinChain(table.name, table.chains[lead]!.name)) lead++;
    lookup = { lead, slots: null };
    lookups.set(table, lookup);
  }
  return lookup;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function slotsOf(chains: readonly Chain[]): Int32Array {
  // A power of two at least twice the chain count: probes stay short.
  const slots = new Int32Array(2 ** Math.ceil(Math.log2(chains.length * 2 + 2))).fill(-1);
  const mask = slots.length - 1;
  chains.forEach((c, i) => {
    let at = hash(c.name) & mask;
    while (slots[at]! >= 0) at = (at + 1) & mask;
    slots[at] = i;
  });
  return slots;
}

function hashed(chains: readonly Chain[], slots: Int32Array, name: string): number {
  const mask = slots.length - 1;
  for (let at = hash(name) & mask; slots[at]! >= 0; at = (at + 1) & mask) {
    if (chains[slots[at]!]!.name === name) return slots[at]!;
  }
  return -1;
}

/** Binary search for `name` in `chains[from..)`, as iptables-save sorts them; -1 if not found there. */
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
 * The position in `table` of the chain named `name`; -1 if none. A parsed table holds each name once (the parser
 * keeps its chains by name); of a hand-made table with a name twice, either may be answered.
 */
export function chainIndexNamed(table: Table, name: string): number {
  const { chains } = table;
  const lookup = lookupOf(table);
  if (lookup.slots) return hashed(chains, lookup.slots, name);
  for (let i = 0; i < lookup.lead; i++) if (chains[i]!.name === name) return i;
  const found = sortedSearch(chains, lookup.lead, name);
  if (found >= 0) return found;
  lookup.slots = slotsOf(chains);
  return hashed(chains, lookup.slots, name);
}

/** The chain of `table` named `name`. */
export function chainNamed(table: Table, name: string): Chain | undefined {
  const at = chainIndexNamed(table, name);
  return at < 0 ? undefined : table.chains[at];
}
