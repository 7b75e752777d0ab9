import { type Counters, isTableName, type Policy } from "@nfx/model";
import { runCommand } from "./commands";
import { parseCounters } from "./counters";
import { LineError } from "./diagnostics";
import { CanonicalLines } from "./fast/canonical-lines";
import type { RulesetBuilder, TableState } from "./ruleset-builder";
import { runLine } from "./run-line";
import { tokenizeLine } from "./tokenizer";

/** Comment lines around the tables, kept so that a file can be printed back with them. */
interface Comments {
  /** Comment lines before the first `*table`, each ending in a newline. */
  header: string;
  /** Comment lines after the last COMMIT. */
  footer: string;
  /** The text ended inside a table: the last diagnostic is the missing COMMIT found at the end. */
  unclosed: boolean;
}

/**
 * The words of a chain line: iptables-restore splits it with `strtok(" \t\n")`, with no quoting, so
 * `:"a b" - [0:0]` is the chain `"a` with the policy `b"` (refused), as there.
 */
function chainWords(text: string, start: number, end: number): { tokens: string[]; columns: number[] } {
  const tokens: string[] = [];
  const columns: number[] = [];
  let i = start;
  while (i < end) {
    while (i < end && isBlankCode(text.charCodeAt(i))) i++;
    if (i >= end) break;
    let j = i;
    while (j < end && !isBlankCode(text.charCodeAt(j))) j++;
    tokens.push(text.slice(i, j));
    columns.push(i - start + 1);
    i = j;
  }
  return { tokens, columns };
}

function isBlankCode(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

export function chainLine(
  b: RulesetBuilder,
  table: TableState,
  text: string,
  start: number,
  end: number,
  line: number,
): void {
  const { tokens, columns } = chainWords(text, start, end);
  const name = tokens[0]!.slice(1);
  const policy = tokens[1];
  if (name === "" || policy === undefined) {
    throw new LineError("bad-chain-line", "chain line needs a name and a policy: `:NAME POLICY [packets:bytes]'", 1);
  }
  if (policy !== "ACCEPT" && policy !== "DROP" && policy !== "-")
    throw new LineError("bad-policy", "Bad policy name.", columns[1]!, columns[1]! + policy.length);
  // iptables-restore accepts malformed counters on chain lines silently (semantics 7.1).
  const counters = tokens[2] !== undefined ? parseCounters(tokens[2]) : null;
  b.declare(table, name, policy === "-" ? null : (policy as Policy), { line, column: 1 }, counters ?? undefined);
}

export function generalRuleLine(
  b: RulesetBuilder,
  table: TableState,
  text: string,
  start: number,
  end: number,
  hasNewline: boolean,
  lineNo: number,
): void {
  const tokens = tokenizeLine(text, start, end, hasNewline);
  if (tokens.unterminated !== undefined && hasNewline) {
    // iptables-restore 1.8.9 takes the newline into the argument; iptables-save then prints the newline raw, and
    // its own output fails to restore ("Bad argument"). A ruleset that cannot survive save/restore is refused.
    throw new LineError(
      "unterminated-quote",
      "unterminated quote: the argument would run to the end of the line and keep its newline",
      tokens.unterminated,
      end - start + 1,
      'Close the quote on the same line: --comment "text".',
    );
  }
  let counters: Counters | undefined;
  let at = 0;
  if (tokens.tokens[0]!.charCodeAt(0) === 91 /* [ */) {
    const parsed = parseCounters(tokens.tokens[0]!);
    if (!parsed) throw new LineError("bad-counters", "Bad counters", tokens.columns[0]!);
    counters = parsed;
    at = 1;
  }
  if (at >= tokens.tokens.length) throw new LineError("no-command", "no command specified", 1);
  const pos = { line: lineNo, column: tokens.columns[0]! };
  runCommand(
    b,
    table,
    tokens,
    at,
    counters ? { line: lineNo, pos, counters, mode: "restore" } : { line: lineNo, pos, mode: "restore" },
  );
}

/** Whether the command of the rule line at `first` is an append (`[p:b] -A` or `--append`). */
export function isAppend(text: string, first: number, end: number): boolean {
  let i = first;
  if (text.charCodeAt(i) === 91 /* [ */) {
    while (i < end && !isBlankCode(text.charCodeAt(i))) i++;
    while (i < end && isBlankCode(text.charCodeAt(i))) i++;
  }
  const command = text.startsWith("-A", i) ? 2 : text.startsWith("--append", i) ? 8 : 0;
  return command > 0 && (i + command === end || isBlankCode(text.charCodeAt(i + command)));
}

/**
 * What {@link parseRestore} does with the chain and rule lines of a table block: build them into the ruleset
 * (BuiltLines), or only check them (check/checked-lines.ts), or index them (lazy/indexed-lines.ts).
 */
export interface TableLines {
  /** A table block starts, or a line was read without this reader: what it remembers of the last chain is stale. */
  forget(): void;
  chainLine(table: TableState, start: number, end: number, line: number): void;
  /** `first`: where the line's text starts after blanks; `hasNewline`: the line ends in one (not the file's end). */
  ruleLine(table: TableState, start: number, end: number, first: number, hasNewline: boolean, line: number): void;
}

/**
 * Builds every line into the ruleset. Lines as iptables-save writes them take the fast path (`fastPath: false`
 * turns it off, for tests that compare the two); all others, and every line with an error, go through the
 * tokenizer and the general command parser.
 */
export class BuiltLines implements TableLines {
  private readonly fast: CanonicalLines;

  /** `expected`: distinct values to make room for (CanonicalLines); by default, for building every rule. */
  constructor(
    private readonly b: RulesetBuilder,
    private readonly text: string,
    private readonly fastPath = true,
    expected?: number,
  ) {
    this.fast = new CanonicalLines(b, text, expected);
  }

  forget(): void {
    this.fast.forget();
  }

  chainLine(table: TableState, start: number, end: number, line: number): void {
    if (this.fastPath && this.fast.chainLine(table, start, end, line)) return;
    const { b, text } = this;
    runLine(b, line, () => chainLine(b, table, text, start, end, line));
  }

  ruleLine(table: TableState, start: number, end: number, _first: number, hasNewline: boolean, line: number): void {
    if (this.fastPath && this.fast.ruleLine(table, start, end, line)) return;
    // The general parser may run any command (-N, -X, -F, ...), so the fast path's chain cache is stale.
    this.fast.forget();
    const { b, text } = this;
    runLine(b, line, () => generalRuleLine(b, table, text, start, end, hasNewline, line));
  }
}

/**
 * Reads iptables-save / iptables-restore text into `b`: tables, comments, COMMIT and the errors between them
 * here, chain and rule lines by `lines` (by default, built into `b`).
 */
export function parseRestore(text: string, b: RulesetBuilder, lines: TableLines = new BuiltLines(b, text)): Comments {
  const comments: Comments = { header: "", footer: "", unclosed: false };
  let table: TableState | null = null;
  let tableLine = 0;
  let skipping = false;
  let seenTable = false;
  let line = 0;
  let start = 0;
  const length = text.length;
  while (start < length) {
    line++;
    let end = text.indexOf("\n", start);
    const hasNewline = end >= 0;
    if (!hasNewline) end = length;
    const next = end + 1;
    let first = start;
    while (first < end && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
    const c = text.charCodeAt(first);
    const lineNo = line;
    if (first >= end || (c === 13 && first + 1 >= end)) {
      // blank
    } else if (c === 35 /* # */) {
      const comment = `${text.slice(start, end)}\n`;
      if (!seenTable) comments.header += comment;
      else if (table === null) comments.footer += comment;
    } else if (c === 42 /* * */) {
      const name = text.slice(first + 1, end).trim();
      if (table) b.error("missing-commit", `COMMIT expected at line ${lineNo}`, lineNo, 1);
      seenTable = true;
      lines.forget();
      comments.footer = "";
      table = null;
      skipping = false;
      if (!isTableName(name)) {
        b.error("unknown-table", `table name '${name}' invalid`, lineNo, first - start + 2, end - start + 1);
        skipping = true;
      } else {
        table = b.resetTable(name, { line: lineNo, column: 1 });
        tableLine = lineNo;
      }
    } else if (!table) {
      if (!skipping) {
        b.error(
          "no-table",
          `iptables-restore: line ${lineNo} failed`,
          lineNo,
          first - start + 1,
          undefined,
          "Rules and chains must come after a table line such as *filter.",
        );
      }
      if (text.startsWith("COMMIT", first)) skipping = false;
    } else if (c === 58 /* : */) {
      lines.chainLine(table, start, end, lineNo);
    } else if (text.startsWith("COMMIT", first) && text.slice(first, end).trim() === "COMMIT") {
      table = null;
    } else {
      lines.ruleLine(table, start, end, first, hasNewline, lineNo);
    }
    start = next;
  }
  if (table) {
    b.error("missing-commit", `COMMIT expected at line ${line + 1}`, Math.max(line, tableLine), 1);
    comments.unclosed = true;
  }
  return comments;
}
