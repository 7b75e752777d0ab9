import { LineScanner } from "../fast/line-scanner";
import { BuiltLines, isAppend, type TableLines } from "../parse-restore";
import type { RuleEntry, RulesetBuilder, TableState } from "../ruleset-builder";
import { tokenizeLine } from "../tokenizer";
import { RULE_BUILT, RULE_COUNTERS, RULE_DROPPED, type RuleLines } from "./rule-lines";

/**
 * The first pass of a lazy parse: chain lines are read (into the builder, as by the full parse) and each rule
 * line is only located: where it is and which chain it appends to, found from its first tokens. A line whose
 * chain is not declared is read by the general parser at once (it may bring a built-in chain into being, or be
 * an error). Anything a later rule could depend on differently than in the full parse (a chain declared after a
 * rule of its table, a command other than an append) sets `eager`: the text is then parsed in full.
 */
export class IndexedLines implements TableLines {
  private readonly s = new LineScanner();
  private readonly built: BuiltLines;
  /** The table whose block has had a rule line already. */
  private rulesIn: TableState | null = null;
  eager = false;

  constructor(
    private readonly b: RulesetBuilder,
    private readonly text: string,
    private readonly rules: RuleLines,
    /** Rules the general parser built in this pass, by rule index. */
    private readonly builtRules: Map<number, RuleEntry>,
  ) {
    this.built = new BuiltLines(b, text, true, 64);
  }

  forget(): void {
    this.rulesIn = null;
  }

  chainLine(table: TableState, start: number, end: number, line: number): void {
    if (this.rulesIn === table) this.eager = true;
    this.built.chainLine(table, start, end, line);
  }

  ruleLine(table: TableState, start: number, end: number, first: number, hasNewline: boolean, line: number): void {
    this.rulesIn = table;
    const located = this.locate(table, start, end);
    if (located < 0) this.general(table, start, end, first, hasNewline, line);
    else this.rules.add(start, line, located >> 1, located & 1 ? RULE_COUNTERS : 0);
  }

  /**
   * For `[p:b] -A CHAIN ...` with CHAIN declared: the chain's serial times two, plus one when the line has
   * counters; -1 for any other line.
   */
  private locate(table: TableState, start: number, end: number): number {
    const { s, text } = this;
    s.reset(text, start, end);
    if (!s.next()) return -1;
    let counters = 0;
    if (text.charCodeAt(s.start) === 91 /* [ */ && s.written === s.start) {
      counters = 1;
      if (!s.next()) return -1;
    }
    if (!s.is("-A") || !s.next()) return -1;
    const name = this.b.names.peek(s);
    const chain = name === undefined ? undefined : table.chains.get(name);
    return chain ? chain.serial * 2 + counters : -1;
  }

  /** A rule line read now by the general parser: its rule (or error) is final. */
  private general(
    table: TableState,
    start: number,
    end: number,
    first: number,
    hasNewline: boolean,
    line: number,
  ): void {
    const { b, text } = this;
    if (!isAppend(text, first, end)) {
      this.eager = true;
      return;
    }
    const errors = b.diagnostics.length;
    this.built.ruleLine(table, start, end, first, hasNewline, line);
    if (b.diagnostics.length > errors) {
      this.rules.add(start, line, -1, RULE_DROPPED);
      return;
    }
    // The rule went to the end of the chain the append names (built-in chains spring into being for it).
    const { tokens } = tokenizeLine(text, start, end, hasNewline);
    const at = tokens[0]!.startsWith("[") ? 1 : 0;
    const chain = table.chains.get(tokens[at + 1]!)!;
    const k = this.rules.add(start, line, chain.serial, RULE_BUILT);
    this.builtRules.set(k, chain.rules.pop()!);
  }
}
