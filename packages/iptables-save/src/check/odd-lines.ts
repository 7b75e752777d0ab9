import type { TableName, TargetKind } from "@nfx/model";
import { generalRuleLine, isAppend } from "../parse-restore";
import { RulesetBuilder, type TableState } from "../ruleset-builder";
import { runLine } from "../run-line";
import { matchesAllowedHooks } from "../target-placement";
import { tokenizeLine } from "../tokenizer";
import type { ChainNames } from "./chain-names";

/** What the whole-table checks need of a rule the general parser read: ids as in ChainNames (-1: none). */
export interface OddRule {
  readonly chain: number;
  readonly kind: TargetKind | null;
  readonly to: number;
  /** The hooks its matches allow. */
  readonly allowed: number;
}

/**
 * The rule lines a quick check does not read itself (a `-j MASQUERADE --random-fully`, an `-m addrtype`, ...),
 * each read by the general parser on its own, against a table that holds only the chains the line names: all it
 * asks of the table is whether the rule's chain exists and whether a name is a user chain, and each of those
 * names is on the line. An append that parses without a word (no error, no warning) gives its rule's facts;
 * anything else (false) leaves the whole text to the full check.
 */
export class OddLines {
  /** The current table's odd rules. */
  rules: OddRule[] = [];
  private readonly b = new RulesetBuilder(64);
  private tableName: TableName = "filter";
  private table = -1;

  constructor(
    private readonly text: string,
    private readonly names: ChainNames,
  ) {}

  startTable(name: TableName, index: number): void {
    this.tableName = name;
    this.table = index;
    this.rules = [];
  }

  /** Reads one rule line; false when only the full check can tell what it does. */
  read(start: number, end: number, hasNewline: boolean, line: number): boolean {
    const { b, text, names, table } = this;
    // Other commands (-I, -D, -F, -X, ...) change rules or chains the quick check does not keep.
    if (!isAppend(text, start, end)) return false;
    const state: TableState = { name: this.tableName, chains: new Map() };
    const ids = new Map<string, number>();
    const pos = { line, column: 1 };
    for (const token of tokenizeLine(text, start, end, hasNewline).tokens) {
      if (ids.has(token)) continue;
      const id = names.find(table, token);
      if (id < 0) continue;
      ids.set(token, id);
      b.declare(state, token, null, pos);
    }
    runLine(b, line, () => generalRuleLine(b, state, text, start, end, hasNewline, line));
    // A built-in chain used without being declared would have sprung into existence: the full check counts it.
    if (b.diagnostics.length > 0 || state.chains.size !== ids.size) return false;
    let found: OddRule | undefined;
    for (const [name, chain] of state.chains) {
      if (chain.rules.length === 0) continue;
      if (found || chain.rules.length !== 1) return false;
      const { rule } = chain.rules[0]!;
      const t = rule.target;
      const to = t && (t.kind === "jump" || t.kind === "goto") ? names.find(table, t.chain) : -1;
      found = { chain: ids.get(name)!, kind: t ? t.kind : null, to, allowed: matchesAllowedHooks(rule.matches) };
    }
    if (!found) return false;
    this.rules.push(found);
    return true;
  }
}
