import { TABLES, type TableName } from "@nfx/model";

/**
 * What the rule search and the chain search answer from: positions in texts, in typed arrays, so that a node's
 * 492,327 rules cost 12 bytes each rather than an object each, and no lower-cased copy of anything is kept (the
 * searches are case-insensitive over the original text, find-lines.ts).
 */
export interface RulesetIndex {
  readonly rules: RuleLines;
  readonly chains: ChainLines;
}

/** Every rule as one line of `text`. */
export interface RuleLines {
  /**
   * The ruleset file itself when it is plain iptables-save text (its rule lines are the rules as iptables-save
   * prints them), else the rules printed one a line.
   */
  readonly text: string;
  /** Where each rule's text (`-A CHAIN ...`, after any `[packets:bytes]`) begins; it runs to the end of the line. */
  readonly starts: Int32Array;
  /** Each rule's chain: an index into `RulesetIndex.chains`. */
  readonly chainOf: Int32Array;
  /** Each rule's 0-based position in its chain. */
  readonly positionOf: Int32Array;
}

/** Every chain as one line `TABLE NAME\tCOMMENT\tCOMMENT` of `text`, in ruleset order. */
export interface ChainLines {
  readonly text: string;
  readonly starts: Int32Array;
  readonly tableOf: Uint8Array;
  /** Where each chain's name ends; it begins after its table's name and a space. */
  readonly nameEnds: Int32Array;
  /** Where its first comment ends (equal to `nameEnds` when its rules have none). */
  readonly commentEnds: Int32Array;
  readonly ruleCounts: Int32Array;
}

/**
 * The distinct comments of a chain's rules kept for the chain search: kube-proxy writes the service's name on
 * every rule, so the first few name it; a chain of a thousand hand-written comments is still found by its first.
 */
export const COMMENTS_PER_CHAIN = 4;

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
  /** Adds one to entry `i`; returns what it was. */
  bump(i: number): number {
    return this.a[i]!++;
  }
  done(): Int32Array {
    return this.a.slice(0, this.length);
  }
}

/** Collects chains and rules in ruleset order, from a scan of the text or a walk of the model. */
export class IndexBuilder {
  private readonly names: string[] = [];
  private readonly tables: number[] = [];
  private readonly comments: string[][] = [];
  private readonly counts = new Ints();
  private readonly starts = new Ints();
  private readonly chainOf = new Ints();
  private readonly positionOf = new Ints();

  /** Adds a chain of `table`; returns its index. */
  chain(table: TableName, name: string): number {
    this.names.push(name);
    this.tables.push(TABLES.indexOf(table));
    this.comments.push([]);
    this.counts.push(0);
    return this.names.length - 1;
  }

  /** True while `chain` has room for another comment: only then is it worth reading one. */
  wantsComment(chain: number): boolean {
    return this.comments[chain]!.length < COMMENTS_PER_CHAIN;
  }

  comment(chain: number, text: string): void {
    const list = this.comments[chain]!;
    // A comment cannot hold a newline (the parser refuses it); a tab would only split it in the chain's line.
    if (list.length < COMMENTS_PER_CHAIN && !list.includes(text)) list.push(text.replaceAll("\n", " "));
  }

  /** Adds the next rule of `chain`, whose text begins at `start` of the rule text. */
  rule(chain: number, start: number): void {
    this.starts.push(start);
    this.chainOf.push(chain);
    this.positionOf.push(this.counts.bump(chain));
  }

  get ruleCount(): number {
    return this.starts.length;
  }

  finish(ruleText: string): RulesetIndex {
    const n = this.names.length;
    const starts = new Int32Array(n);
    const nameEnds = new Int32Array(n);
    const commentEnds = new Int32Array(n);
    const parts: string[] = new Array(n);
    let offset = 0;
    for (let i = 0; i < n; i++) {
      const head = `${TABLES[this.tables[i]!]} ${this.names[i]}`;
      const comments = this.comments[i]!;
      parts[i] = comments.length ? `${head}\t${comments.join("\t")}` : head;
      starts[i] = offset;
      nameEnds[i] = offset + head.length;
      commentEnds[i] = comments.length ? nameEnds[i]! + 1 + comments[0]!.length : nameEnds[i]!;
      offset += parts[i]!.length + 1;
    }
    return {
      rules: {
        text: ruleText,
        starts: this.starts.done(),
        chainOf: this.chainOf.done(),
        positionOf: this.positionOf.done(),
      },
      chains: {
        text: parts.join("\n"),
        starts,
        tableOf: Uint8Array.from(this.tables),
        nameEnds,
        commentEnds,
        ruleCounts: this.counts.done(),
      },
    };
  }
}

/** The table of chain `i`. */
export function chainTable(chains: ChainLines, i: number): TableName {
  return TABLES[chains.tableOf[i]!]!;
}

/** The name of chain `i`. */
export function chainName(chains: ChainLines, i: number): string {
  return chains.text.slice(chains.starts[i]! + chainTable(chains, i).length + 1, chains.nameEnds[i]);
}
