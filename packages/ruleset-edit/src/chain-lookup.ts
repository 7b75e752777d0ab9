import type { Chain, Table } from "@nfx/model";

/**
 * Chains of a table by name, through an open-addressing table of chain positions made once per table: a node's
 * nat table has 170,000 chains, and reading one service's endpoints looks up a handful of them. Positions in an
 * Int32Array cost 8 bytes a chain where a Map would cost about 40.
 */
const byTable = new WeakMap<Table, Int32Array>();

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

function slotsOf(table: Table): Int32Array {
  let slots = byTable.get(table);
  if (!slots) {
    // A power of two at least twice the chain count: probes stay short.
    slots = new Int32Array(2 ** Math.ceil(Math.log2(table.chains.length * 2 + 2))).fill(-1);
    const mask = slots.length - 1;
    table.chains.forEach((c, i) => {
      let at = hash(c.name) & mask;
      while (slots![at]! >= 0) at = (at + 1) & mask;
      slots![at] = i;
    });
    byTable.set(table, slots);
  }
  return slots;
}

/** The position in `table` of the chain named `name` (the first of that name, as `findIndex` would give); -1 if none. */
export function chainIndexNamed(table: Table, name: string): number {
  const slots = slotsOf(table);
  const mask = slots.length - 1;
  for (let at = hash(name) & mask; slots[at]! >= 0; at = (at + 1) & mask) {
    if (table.chains[slots[at]!]!.name === name) return slots[at]!;
  }
  return -1;
}

/** The chain of `table` named `name` (the first of that name, as `find` would give). */
export function chainNamed(table: Table, name: string): Chain | undefined {
  const at = chainIndexNamed(table, name);
  return at < 0 ? undefined : table.chains[at];
}
