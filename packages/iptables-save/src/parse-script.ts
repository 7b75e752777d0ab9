import { isTableName, type TableName } from "@nfx/model";
import { runCommand } from "./commands";
import { LineError } from "./diagnostics";
import type { RulesetBuilder } from "./ruleset-builder";
import { runLine } from "./run-line";
import { type TokenLine, tokenizeLine } from "./tokenizer";

const PROGRAMS = new Set(["iptables", "iptables-nft", "iptables-legacy"]);
const IPV6_PROGRAMS = new Set(["ip6tables", "ip6tables-nft", "ip6tables-legacy"]);
/** Options whose value may look like `-t`, so the table scan must step over it. */
const FREE_TEXT = new Set(["--comment", "--log-prefix", "--nflog-prefix"]);
const IGNORED_FLAGS = new Set(["-w", "--wait", "-v", "--verbose", "-n", "--numeric", "-x", "--exact"]);

/** One logical line: physical lines joined at a trailing backslash. */
interface Logical {
  readonly text: string;
  /** Where each physical piece starts in `text`, with its line number. */
  readonly pieces: { readonly offset: number; readonly line: number }[];
}

function logicalLines(text: string): Logical[] {
  const out: Logical[] = [];
  const physical = text.split("\n");
  let current: Logical | null = null;
  physical.forEach((raw, i) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    const continued = line.endsWith("\\");
    const body = continued ? line.slice(0, -1) : line;
    if (current) {
      current.pieces.push({ offset: current.text.length + 1, line: i + 1 });
      current = { text: `${current.text} ${body}`, pieces: current.pieces };
    } else {
      current = { text: body, pieces: [{ offset: 0, line: i + 1 }] };
    }
    if (!continued) {
      out.push(current);
      current = null;
    }
  });
  if (current) out.push(current);
  return out;
}

function locate(logical: Logical, column: number): { line: number; column: number } {
  let piece = logical.pieces[0]!;
  for (const p of logical.pieces) if (p.offset <= column - 1) piece = p;
  return { line: piece.line, column: column - piece.offset };
}

/** Takes `-t TABLE` out of the arguments, wherever it is, as getopt would find it. */
function takeTable(tokens: TokenLine, from: number): TableName {
  let table: TableName = "filter";
  for (let i = from; i < tokens.tokens.length; i++) {
    const tok = tokens.tokens[i]!;
    if (FREE_TEXT.has(tok)) {
      i++;
      continue;
    }
    if (tok !== "-t" && tok !== "--table") continue;
    const name = tokens.tokens[i + 1];
    const column = tokens.columns[i + 1] ?? tokens.columns[i]!;
    if (name === undefined)
      throw new LineError("missing-argument", `option "${tok}" requires an argument`, tokens.columns[i]!);
    if (!isTableName(name)) {
      throw new LineError(
        "unknown-table",
        `can't initialize iptables table \`${name}': Table does not exist (do you need to insmod?)`,
        column,
        column + name.length,
      );
    }
    table = name;
    tokens.tokens.splice(i, 2);
    tokens.columns.splice(i, 2);
    i--;
  }
  return table;
}

/** Reads a shell-like script of `iptables ...` commands into `b`; the default table is filter. */
export function parseScript(text: string, b: RulesetBuilder): void {
  for (const logical of logicalLines(text)) {
    const line = logical.pieces[0]!.line;
    const trimmed = logical.text.trimStart();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    runLine(
      b,
      line,
      () => {
        const tokens = tokenizeLine(logical.text, 0, logical.text.length, false);
        let at = 0;
        if (tokens.tokens[at] === "sudo") at++;
        const program = (tokens.tokens[at] ?? "").split("/").pop()!;
        if (IPV6_PROGRAMS.has(program)) {
          b.warning("ipv6-ignored", "IPv6 rules are not simulated; line ignored", line, tokens.columns[at]!);
          return;
        }
        if (!PROGRAMS.has(program)) {
          throw new LineError(
            "not-iptables",
            `not an iptables command: \`${tokens.tokens[at] ?? ""}'`,
            tokens.columns[at] ?? 1,
          );
        }
        at++;
        const tableName = takeTable(tokens, at);
        while (IGNORED_FLAGS.has(tokens.tokens[at] ?? "")) at++;
        if (at >= tokens.tokens.length)
          throw new LineError("no-command", "no command specified", tokens.columns[at - 1]!);
        const pos = { line, column: tokens.columns[0]! };
        runCommand(b, b.table(tableName), tokens, at, { line, pos, mode: "script" });
      },
      (column) => locate(logical, column),
    );
  }
}
