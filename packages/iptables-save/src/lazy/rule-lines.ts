/** Growable columns of 32-bit integers, one row per rule line, in line order. */
export class RuleLines {
  /** Offset of the line in the text. */
  start: Int32Array;
  /** 1-based line number. */
  line: Int32Array;
  /** Serial of the chain the line appends to (ChainState.serial). */
  chain: Int32Array;
  /** RULE_* bits. */
  flags: Uint8Array;
  count = 0;

  constructor(capacity = 1024) {
    this.start = new Int32Array(capacity);
    this.line = new Int32Array(capacity);
    this.chain = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  add(start: number, line: number, chain: number, flags: number): number {
    const k = this.count++;
    if (k === this.start.length) {
      const size = k * 2;
      this.start = grow(this.start, size);
      this.line = grow(this.line, size);
      this.chain = grow(this.chain, size);
      const flagsBigger = new Uint8Array(size);
      flagsBigger.set(this.flags);
      this.flags = flagsBigger;
    }
    this.start[k] = start;
    this.line[k] = line;
    this.chain[k] = chain;
    this.flags[k] = flags;
    return k;
  }

  /** Gives back the room grown for rules that never came. */
  trim(): void {
    this.start = this.start.slice(0, this.count);
    this.line = this.line.slice(0, this.count);
    this.chain = this.chain.slice(0, this.count);
    this.flags = this.flags.slice(0, this.count);
  }

  /** The rule written on `line`, or -1 (binary search: rules are in line order). */
  atLine(line: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = this.line[mid]!;
      if (at === line) return mid;
      if (at < line) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** The line starts with `[packets:bytes]`. */
export const RULE_COUNTERS = 1;
/** The general parser built the rule already (kept in the index's `built`). */
export const RULE_BUILT = 2;
/** The line has an error, or the kernel refuses the rule: it is not in the ruleset. */
export const RULE_DROPPED = 4;
/** The rule line has been validated. */
export const RULE_CHECKED = 8;

function grow(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}
