import type { TargetKind } from "@nfx/model";
import { CanonicalLines } from "../fast/canonical-lines";
import { BuiltLines, isAppend, type TableLines } from "../parse-restore";
import type { RulesetBuilder, TableState } from "../ruleset-builder";

/**
 * Reads a table block's lines for `check`: canonical rule lines are only checked, not built, and recorded in
 * line order: for each, its chain's serial, its target's kind and, for a jump or goto, the serial of the chain
 * it names (-1: none of the table). That is all the whole-table checks need of a canonical rule, whose matches
 * are allowed from every hook. Chain lines and the lines the fast path refuses are built into the builder as
 * usual, so the general parser reports every error.
 */
export class CheckedRules implements TableLines {
  chain: Int32Array = new Int32Array(4096);
  to: Int32Array = new Int32Array(4096);
  readonly kinds: (TargetKind | null)[] = [];
  count = 0;
  /**
   * Set when a line ran a command other than an append (-I, -D, -F, -X, ...): it may have changed rules that
   * were only checked, so only the full parse can tell what the ruleset is.
   */
  mixed = false;
  private readonly fast: CanonicalLines;
  private readonly built: BuiltLines;

  constructor(
    b: RulesetBuilder,
    private readonly text: string,
  ) {
    // Checking makes few values (the commonest are checked on the text), and building only the odd line.
    this.fast = new CanonicalLines(b, text, text.length >> 12);
    this.built = new BuiltLines(b, text, true, 64);
  }

  forget(): void {
    this.fast.forget();
  }

  chainLine(table: TableState, start: number, end: number, line: number): void {
    this.fast.forget();
    this.built.chainLine(table, start, end, line);
  }

  ruleLine(table: TableState, start: number, end: number, first: number, hasNewline: boolean, line: number): void {
    const fast = this.fast;
    if (!fast.checkLine(table, start, end)) {
      fast.forget();
      // Checked rules are not in their chains, which commands other than appends would need to see.
      if (!isAppend(this.text, first, end)) this.mixed = true;
      this.built.ruleLine(table, start, end, first, hasNewline, line);
      return;
    }
    const k = this.count++;
    if (k === this.chain.length) {
      this.chain = grow(this.chain);
      this.to = grow(this.to);
    }
    const kind = fast.checkedKind;
    this.chain[k] = fast.checkedChain!.serial;
    this.to[k] = kind === "jump" || kind === "goto" ? fast.checkedTo : -1;
    this.kinds.push(kind);
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
