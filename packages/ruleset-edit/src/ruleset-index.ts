import { TABLES, type TableName } from "@nfx/model";

/**
 * What the rule search and the chain search answer from: positions in one text, in typed arrays. A node's 492,327
 * rules cost 12 bytes each and its 178,795 chains 17 bytes each; nothing of the text is copied, not even
 * lower-cased (the searches are case-insensitive over the text itself, find-lines.ts).
 */
export interface RulesetIndex {
  /**
   * The ruleset file itself when it is plain iptables-save text (its rule lines are the rules as iptables-save
   * prints them, its `:CHAIN` lines name the chains), else the same lines made from the parsed ruleset.
   */
  readonly text: string;
  readonly rules: RuleLines;
  readonly chains: ChainLines;
}

/** Every rule as one line of the text, in the text's order. */
export interface RuleLines {
  /** Where each rule's text (`-A CHAIN ...`, after any `[packets:bytes]`) begins; it runs to the end of the line. */
  readonly starts: Int32Array;
  /** Each rule's chain: an index into `chains`. */
  readonly chainOf: Int32Array;
  /** Each rule's 0-based position in its chain. */
  readonly positionOf: Int32Array;
}

/** Every chain by its `:NAME` line of the text, in ruleset order. */
export interface ChainLines {
  /** Where each chain's `:NAME POLICY` line begins (its name follows the colon). */
  readonly starts: Int32Array;
  readonly tableOf: Uint8Array;
  /**
   * Where the first comment of its rules lies in the text (as written, inside any quotes), -1 when none: kube-proxy
   * writes the service's name on every rule, so the first names the chain's service.
   */
  readonly commentStarts: Int32Array;
  readonly commentEnds: Int32Array;
  readonly ruleCounts: Int32Array;
}

/** A growable Int32Array: a node's rule count is not known before the scan ends. */
class Ints {
  private a = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.a.length) {
      const b = new Int32Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.length++] = v;
  }
  at(i: number): number {
    return this.a[i]!;
  }
  set(i: number, v: number): void {
    this.a[i] = v;
  }
  done(): Int32Array {
    return this.a.slice(0, this.length);
  }
}

/** Collects chains and rules as they come in the text, from a scan of the file or from lines made of the model. */
export class IndexBuilder {
  private readonly chainStarts = new Ints();
  private readonly tables: number[] = [];
  private readonly commentStarts = new Ints();
  private readonly commentEnds = new Ints();
  private readonly counts = new Ints();
  private readonly starts = new Ints();
  private readonly chainOf = new Ints();
  private readonly positionOf = new Ints();
  /** Where the next ` --comment ` is at or after the last rule read: -2 not sought yet, -1 none. */
  private nextComment = -2;

  /** Adds a chain of `table` declared by the line at `start`; returns its index. */
  chain(table: TableName, start: number): number {
    this.chainStarts.push(start);
    this.tables.push(TABLES.indexOf(table));
    this.commentStarts.push(-1);
    this.commentEnds.push(-1);
    this.counts.push(0);
    return this.chainStarts.length - 1;
  }

  /** Adds the next rule of `chain`, whose text begins at `start` and ends at `end`; rules come in the text's order. */
  rule(text: string, chain: number, start: number, end: number): void {
    this.starts.push(start);
    this.chainOf.push(chain);
    const n = this.counts.at(chain);
    this.positionOf.push(n);
    this.counts.set(chain, n + 1);
    if (this.commentStarts.at(chain) < 0) {
      // The next ` --comment ` of the text, found once for all the lines before it: searching from each line
      // would scan to the next comment anywhere, again and again in a ruleset without comments.
      if (this.nextComment !== -1 && this.nextComment < start) this.nextComment = text.indexOf(COMMENT, start);
      const at = this.nextComment >= 0 && this.nextComment < end ? commentAt(text, this.nextComment, end) : null;
      if (at) {
        this.commentStarts.set(chain, at[0]);
        this.commentEnds.set(chain, at[1]);
      }
    }
  }

  finish(text: string): RulesetIndex {
    return {
      text,
      rules: { starts: this.starts.done(), chainOf: this.chainOf.done(), positionOf: this.positionOf.done() },
      chains: {
        starts: this.chainStarts.done(),
        tableOf: Uint8Array.from(this.tables),
        commentStarts: this.commentStarts.done(),
        commentEnds: this.commentEnds.done(),
        ruleCounts: this.counts.done(),
      },
    };
  }
}

const COMMENT = " --comment ";

/** Where the value of the ` --comment ` at `at` lies, inside any quotes, on a line ending at `end`. */
function commentAt(text: string, at: number, end: number): [number, number] {
  let i = at + COMMENT.length;
  if (text.charCodeAt(i) !== 34 /* " */) return [i, wordEnd(text, i, end)];
  const start = ++i;
  // iptables-save escapes `"` and `\` inside quotes with a backslash.
  while (i < end && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 ? 2 : 1;
  return [start, Math.min(i, end)];
}

/** Where the word at `from` ends: a space, a tab or `end`. */
export function wordEnd(text: string, from: number, end: number): number {
  let i = from;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 13 || c === 10) break;
    i++;
  }
  return i;
}

/** The table of chain `i`. */
export function chainTable(index: RulesetIndex, i: number): TableName {
  return TABLES[index.chains.tableOf[i]!]!;
}

/** Where the name of chain `i` ends in the text (it begins after the colon). */
export function chainNameEnd(index: RulesetIndex, i: number): number {
  return wordEnd(index.text, index.chains.starts[i]! + 1, index.text.length);
}

/** The name of chain `i`. */
export function chainName(index: RulesetIndex, i: number): string {
  return index.text.slice(index.chains.starts[i]! + 1, chainNameEnd(index, i));
}

/** The first comment of chain `i`'s rules, unquoted, or null. */
export function chainComment(index: RulesetIndex, i: number): string | null {
  const start = index.chains.commentStarts[i]!;
  if (start < 0) return null;
  const raw = index.text.slice(start, index.chains.commentEnds[i]);
  return raw.includes("\\") ? raw.replace(/\\(.)/g, "$1") : raw;
}
