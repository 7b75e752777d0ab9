import { FNV_OFFSET, FNV_PRIME } from "../fast/line-scanner";

/**
 * The chains a quick check has seen declared, by table and name, kept as ranges of the file text: a lookup
 * hashes the name where it is written and makes no string (a 700,000-line node names 178,795 chains some
 * 700,000 times). Ids are serials in declaration order; a table's chains have consecutive ids, since each table
 * is declared in one block (quick-check.ts refuses a table restored twice).
 */
export class ChainNames {
  /** Open addressing: id + 1 of the chain in each slot, 0 for none. */
  private slots: Int32Array;
  private starts: Int32Array;
  private stops: Int32Array;
  private tables: Int32Array;
  private hashes: Int32Array;
  /** What the checker notes of each chain (quick-check.ts: which options its name forbids, ...). */
  flags: Uint8Array;
  count = 0;

  /** `bytes`: the text's characters, all ASCII, as bytes (quick-check.ts). */
  constructor(
    private readonly text: string,
    private readonly bytes: Uint8Array,
    expected: number,
  ) {
    let size = 1024;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.starts = new Int32Array(size >> 1);
    this.stops = new Int32Array(size >> 1);
    this.tables = new Int32Array(size >> 1);
    this.hashes = new Int32Array(size >> 1);
    this.flags = new Uint8Array(size >> 1);
  }

  /** Hash of `text[start, stop)` in table `table` (a name is a chain of one table only). */
  hash(table: number, start: number, stop: number): number {
    const bytes = this.bytes;
    let hash = FNV_OFFSET ^ table;
    for (let i = start; i < stop; i++) hash = Math.imul(hash ^ bytes[i]!, FNV_PRIME);
    return hash;
  }

  /** The id of the chain `text[start, stop)` of `table`, or -1. */
  find(table: number, start: number, stop: number): number {
    return this.findHashed(table, start, stop, this.hash(table, start, stop));
  }

  private findHashed(table: number, start: number, stop: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]! - 1;
      if (id < 0) return -1;
      if (this.hashes[id] === hash && this.tables[id] === table && this.same(id, start, stop)) return id;
    }
  }

  /** The id of chain `name` of `table`, or -1 (for names that are not in the text, such as a table's hooks). */
  findName(table: number, name: string): number {
    let hash = FNV_OFFSET ^ table;
    for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), FNV_PRIME);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot]! - 1;
      if (id < 0) return -1;
      const start = this.starts[id]!;
      if (this.hashes[id] === hash && this.tables[id] === table && this.stops[id]! - start === name.length) {
        if (this.text.startsWith(name, start)) return id;
      }
    }
  }

  /** Declares `text[start, stop)` in `table`: its new id, or -1 when the table has it already. */
  add(table: number, start: number, stop: number): number {
    const hash = this.hash(table, start, stop);
    if (this.findHashed(table, start, stop, hash) >= 0) return -1;
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const id = this.count++;
    this.starts[id] = start;
    this.stops[id] = stop;
    this.tables[id] = table;
    this.hashes[id] = hash;
    this.place(id, hash);
    return id;
  }

  name(id: number): string {
    return this.text.slice(this.starts[id]!, this.stops[id]!);
  }

  /** Whether chain `id` is named `text[start, stop)`. */
  same(id: number, start: number, stop: number): boolean {
    const from = this.starts[id]!;
    if (this.stops[id]! - from !== stop - start) return false;
    const bytes = this.bytes;
    for (let k = 0; k < stop - start; k++) if (bytes[from + k] !== bytes[start + k]) return false;
    return true;
  }

  private place(id: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = id + 1;
  }

  private grow(): void {
    const size = this.slots.length * 2;
    this.slots = new Int32Array(size);
    const widen = (a: Int32Array) => {
      const b = new Int32Array(size >> 1);
      b.set(a);
      return b;
    };
    this.starts = widen(this.starts);
    this.stops = widen(this.stops);
    this.tables = widen(this.tables);
    this.hashes = widen(this.hashes);
    const flags = new Uint8Array(size >> 1);
    flags.set(this.flags);
    this.flags = flags;
    for (let id = 0; id < this.count; id++) this.place(id, this.hashes[id]!);
  }
}
