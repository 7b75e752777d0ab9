/**
 * The chains a quick check has seen declared, by table and name. Ids are serials in declaration order; a table's
 * chains have consecutive ids, since each table is declared in one block (quick-check.ts refuses a table
 * restored twice).
 */
export class ChainNames {
  private readonly tables: Map<string, number>[] = [];
  /** What the checker notes of each chain (quick-check.ts: which options its name forbids, ...). */
  flags = new Uint8Array(1024);
  count = 0;

  /** The id of chain `name` of `table`, or -1. */
  find(table: number, name: string): number {
    return this.tables[table]?.get(name) ?? -1;
  }

  /** Declares `name` in `table`: its new id, or -1 when the table has it already. */
  add(table: number, name: string): number {
    let names = this.tables[table];
    if (names === undefined) {
      names = new Map();
      this.tables[table] = names;
    }
    if (names.has(name)) return -1;
    if (this.count === this.flags.length) {
      const flags = new Uint8Array(this.count * 2);
      flags.set(this.flags);
      this.flags = flags;
    }
    names.set(name, this.count);
    return this.count++;
  }
}
