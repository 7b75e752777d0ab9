import { chainRuleCount, formatRuleLine } from "@nfx/iptables-save";
import type { Ruleset, TableName } from "@nfx/model";
import type { RulesetEdit } from "./edits";

function escaped(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** Where table `name`'s block is: from its `*name` line to the start of its COMMIT line; null unless exactly one. */
function tableBlock(text: string, name: TableName): { readonly start: number; readonly commit: number } | null {
  const head = new RegExp(`^\\*${name}$`, "gm");
  const first = head.exec(text);
  if (!first || head.exec(text)) return null;
  const commit = /^COMMIT$/gm;
  commit.lastIndex = first.index;
  const end = commit.exec(text);
  return end ? { start: first.index + first[0].length + 1, commit: end.index } : null;
}

/** The starts of the lines in text[from, to) that `line` (a sticky-free multiline pattern) finds. */
function linesIn(text: string, line: RegExp, from: number, to: number): number[] {
  const starts: number[] = [];
  line.lastIndex = from;
  for (let m = line.exec(text); m !== null && m.index < to; m = line.exec(text)) {
    starts.push(m.index);
    line.lastIndex = m.index + 1;
  }
  return starts;
}

function lineEnd(text: string, start: number): number {
  const end = text.indexOf("\n", start);
  return end < 0 ? text.length : end + 1;
}

/** A table block holds only what iptables-save writes: chain lines, appends (with counters or not), comments. */
const ODD_LINE = /^(?!(?::|#|-A |\[\d+:\d+\] -A |$))/gm;

/**
 * The text of a ruleset after `edit`, written where the edit is: the lines of the one chain it changes are
 * replaced (its policy line, or its rules, printed as iptables-save prints them), and every other line of the
 * text stays as it was. So an edit of a node's 700,000-line dump does not print it all again, and keeps the
 * file's own order. `before` is the text's ruleset and `after` the edited one (applyEdit's). Null when the edit
 * changes more than one chain's lines (a rename, a delete), names a chain or table the text does not declare, or
 * the table holds lines other than iptables-save's own: the caller then prints the whole ruleset.
 */
export function editedText(
  text: string,
  edit: RulesetEdit,
  before: Ruleset,
  after: Ruleset,
  counters: boolean,
): string | null {
  if (text.includes("\r")) return null;
  const block = tableBlock(text, edit.table);
  if (!block) return null;
  ODD_LINE.lastIndex = block.start;
  const odd = ODD_LINE.exec(text);
  if (odd && odd.index < block.commit) return null;
  const name = escaped(edit.chain);
  const declared = linesIn(text, new RegExp(`^:${name} `, "gm"), block.start, block.commit);
  const was = before.tables.find((t) => t.name === edit.table)?.chains.find((c) => c.name === edit.chain);
  const now = after.tables.find((t) => t.name === edit.table)?.chains.find((c) => c.name === edit.chain);
  switch (edit.kind) {
    case "create-chain": {
      if (declared.length !== 0 || !now) return null;
      // After the table's last chain line, as the chain is the table's last in the edited ruleset.
      const chains = linesIn(text, /^:/gm, block.start, block.commit);
      const at = chains.length ? lineEnd(text, chains.at(-1)!) : block.start;
      return `${text.slice(0, at)}:${edit.chain} - [0:0]\n${text.slice(at)}`;
    }
    case "set-policy": {
      if (declared.length !== 1 || !now?.policy) return null;
      const at = declared[0]! + edit.chain.length + 2;
      const space = text.indexOf(" ", at);
      return text.slice(0, at) + now.policy + text.slice(space);
    }
    case "append":
    case "insert":
    case "replace":
    case "delete":
    case "move": {
      if (declared.length !== 1 || !was || !now) return null;
      const rules = linesIn(
        text,
        new RegExp(`^(?:\\[\\d+:\\d+\\] )?-A ${name}(?= |$)`, "gm"),
        block.start,
        block.commit,
      );
      if (rules.length !== chainRuleCount(was)) return null;
      const lines = now.rules.map((rule) => `${formatRuleLine(edit.chain, rule, counters)}\n`).join("");
      if (rules.length === 0) return text.slice(0, block.commit) + lines + text.slice(block.commit);
      // The chain's lines go where its first was; the text between its old lines stays.
      const parts = [text.slice(0, rules[0]), lines];
      for (let i = 0; i < rules.length; i++) {
        const end = lineEnd(text, rules[i]!);
        parts.push(text.slice(end, i + 1 < rules.length ? rules[i + 1] : undefined));
      }
      return parts.join("");
    }
    default:
      return null;
  }
}
