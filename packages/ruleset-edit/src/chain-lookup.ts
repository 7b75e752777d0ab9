import type { Chain, Table } from "@nfx/model";

const byTable = new WeakMap<Table, ReadonlyMap<string, Chain>>();

/**
 * The chain of `table` named `name`, through a map made once per table: a node's nat table has 170,000 chains,
 * and reading one service's endpoints looks up a handful of them.
 */
export function chainNamed(table: Table, name: string): Chain | undefined {
  let map = byTable.get(table);
  if (!map) {
    map = new Map(table.chains.map((c) => [c.name, c]));
    byTable.set(table, map);
  }
  return map.get(name);
}
