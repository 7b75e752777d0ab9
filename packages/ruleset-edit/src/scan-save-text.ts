import { isTableName, type TableName } from "@nfx/model";
import { IndexBuilder, type RulesetIndex, wordEnd } from "./ruleset-index";

/** What one step of a scan came to: more lines to read, the index, or text this scan does not read. */
export type ScanStep = "more" | "not-plain" | RulesetIndex;

/**
 * The search index of an iptables-save text, read from its lines without parsing a rule: a rule line is the rule
 * as iptables-save prints it, so the line is what the search shows, and its table, chain and place in the chain
 * follow from the `*table`, `:CHAIN` and `-A CHAIN` lines before it. Reads in steps, so a worker can answer
 * other questions between them (a node's 700,000 lines take a second on a busy machine).
 *
 * Only plain iptables-save text is read: `*table` blocks (each table once) of chain lines, `-A` rules (with or
 * without counters) and COMMIT. Anything else (`-I`, `-D`, `-F`, a table given twice, an undeclared chain,
 * indented lines) answers `not-plain`, and the caller indexes the parsed ruleset instead. The caller also does so
 * for a text whose parse had errors, since the parser leaves bad lines out.
 */
export class SaveTextScan {
  private readonly b = new IndexBuilder();
  private at = 0;
  /** The chains of the table being read, by name; null between a COMMIT and the next `*table`. */
  private chains: Map<string, number> | null = null;
  private table: TableName = "filter";
  /** The chain of the last rule line read. */
  private last: { readonly name: string; readonly id: number } | null = null;
  private readonly tables = new Set<string>();

  constructor(private readonly text: string) {}

  /** Reads up to `lines` more lines. */
  step(lines: number): ScanStep {
    const { text } = this;
    const length = text.length;
    for (let n = 0; n < lines && this.at < length; n++) {
      const start = this.at;
      let end = text.indexOf("\n", start);
      if (end < 0) end = length;
      this.at = end + 1;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      if (end === start) continue;
      const c = text.charCodeAt(start);
      if (c === 35 /* # */) continue;
      if (c === 42 /* * */) {
        const name = text.slice(start + 1, end).trim();
        if (this.chains || !isTableName(name) || this.tables.has(name)) return "not-plain";
        this.tables.add(name);
        this.chains = new Map();
        this.table = name;
        this.last = null;
        continue;
      }
      if (!this.chains) return "not-plain";
      if (c === 58 /* : */) {
        const name = text.slice(start + 1, wordEnd(text, start + 1, end));
        if (name === "" || this.chains.has(name)) return "not-plain";
        this.chains.set(name, this.b.chain(this.table, start));
        continue;
      }
      if (c === 67 /* C */) {
        if (text.slice(start, end).trimEnd() !== "COMMIT") return "not-plain";
        this.chains = null;
        continue;
      }
      let rule = start;
      if (c === 91 /* [ */) {
        const close = text.indexOf("] ", start);
        if (close < 0 || close >= end) return "not-plain";
        rule = close + 2;
      }
      if (!text.startsWith("-A ", rule)) return "not-plain";
      const nameEnd = wordEnd(text, rule + 3, end);
      // iptables-save writes a chain's rules together: most lines name the chain of the line before.
      const same =
        this.last !== null && nameEnd - rule - 3 === this.last.name.length && text.startsWith(this.last.name, rule + 3);
      if (!same) {
        const name = text.slice(rule + 3, nameEnd);
        const id = this.chains.get(name);
        if (id === undefined) return "not-plain";
        this.last = { name, id };
      }
      this.b.rule(text, this.last!.id, rule, end);
    }
    if (this.at < length) return "more";
    return this.chains ? "not-plain" : this.b.finish(text);
  }

  /** Reads the whole text at once. */
  finish(): RulesetIndex | "not-plain" {
    for (;;) {
      const s = this.step(1 << 30);
      if (s !== "more") return s;
    }
  }
}
