import { FNV_OFFSET, FNV_PRIME, type LineScanner } from "./line-scanner";

/**
 * One model object per distinct text. Rules never mutate what they hold, and the engine keeps rule state
 * (nth counters, limit buckets) in its compiled rules, so identical `-s 10.0.0.0/8`, comments, port tests or
 * jump targets can be one object; on a kube-proxy ruleset that is most of them.
 *
 * Keys are looked up as ranges of the file text, hashed from char codes, so a value that is already known costs
 * no string at all; a Map would need a slice of the text per lookup, and those slices were a large part of
 * the parser's garbage. `make` may throw for bad text; nothing is stored then.
 */
export class Memo<T> {
  private keys: (string | undefined)[];
  private values: (T | undefined)[];
  private hashes: Int32Array;
  private count = 0;

  /** `expected`: about how many values there will be, so that big tables do not grow step by step. */
  constructor(
    private readonly make: (text: string) => T,
    expected = 32,
  ) {
    let size = 64;
    while (size < expected * 2) size *= 2;
    this.keys = new Array(size).fill(undefined);
    this.values = new Array(size).fill(undefined);
    this.hashes = new Int32Array(size);
  }

  /** The value for the scanner's current token. */
  at(s: LineScanner): T {
    return this.find(s.text, s.start, s.stop, s.hash);
  }

  /** The value already made for the scanner's current token, if any; makes none. */
  peek(s: LineScanner): T | undefined {
    const mask = this.keys.length - 1;
    let slot = s.hash & mask;
    for (;;) {
      const key = this.keys[slot];
      if (key === undefined) return undefined;
      if (this.hashes[slot] === s.hash && sameText(key, s.text, s.start, s.stop)) return this.values[slot];
      slot = (slot + 1) & mask;
    }
  }

  /** The value for `text[start, end)`. */
  get(text: string, start: number, end: number): T {
    let hash = FNV_OFFSET;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
    return this.find(text, start, end, hash);
  }

  private find(text: string, start: number, end: number, hash: number): T {
    const mask = this.keys.length - 1;
    let slot = hash & mask;
    for (;;) {
      const key = this.keys[slot];
      if (key === undefined) break;
      if (this.hashes[slot] === hash && sameText(key, text, start, end)) return this.values[slot]!;
      slot = (slot + 1) & mask;
    }
    const key = text.slice(start, end);
    const value = this.make(key);
    this.keys[slot] = key;
    this.values[slot] = value;
    this.hashes[slot] = hash;
    if (++this.count * 2 > this.keys.length) this.grow();
    return value;
  }

  private grow(): void {
    const { keys, values, hashes } = this;
    const size = keys.length * 2;
    this.keys = new Array(size).fill(undefined);
    this.values = new Array(size).fill(undefined);
    this.hashes = new Int32Array(size);
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === undefined) continue;
      let slot = hashes[i]! & (size - 1);
      while (this.keys[slot] !== undefined) slot = (slot + 1) & (size - 1);
      this.keys[slot] = keys[i];
      this.values[slot] = values[i];
      this.hashes[slot] = hashes[i]!;
    }
  }
}

function sameText(key: string, text: string, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}
