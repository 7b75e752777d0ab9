import type { Chain, Rule, Ruleset, Table, TargetKind } from "@nfx/model";
import { TableFacts } from "../check/table-facts";
import type { Diagnostic } from "../diagnostics";
import { CanonicalLines } from "../fast/canonical-lines";
import { generalRuleLine, parseRestore } from "../parse-restore";
import { detectFormat, type ParseResult, parseRuleset } from "../parse-ruleset";
import { type ChainState, type RuleEntry, RulesetBuilder, type TableState } from "../ruleset-builder";
import { runLine } from "../run-line";
import { ALL_HOOKS, matchesAllowedHooks } from "../target-placement";
import { IndexedLines } from "./indexed-lines";
import { type ChainSource, chainRuleCount, forgetRules, lazyChain } from "./lazy-chain";
import { RULE_BUILT, RULE_CHECKED, RULE_COUNTERS, RULE_DROPPED, RuleLines } from "./rule-lines";

/** The codes of the whole-table checks' diagnostics (table-problems.ts): their rules are dropped. */
const TABLE_PROBLEM_CODES = new Set([
  "no-such-chain",
  "jump-to-builtin",
  "target-not-allowed",
  "match-not-allowed",
  "chain-loop",
  "chain-depth",
]);

/**
 * A parse that reads only what is needed. Indexing (the constructor) reads the tables and chains and locates
 * every rule line; a chain's rules are read from the text when its `rules` are first used (lazy-chain.ts), into
 * the very objects parseRuleset makes. Validation, which finds every error with its line and column, runs in
 * slices ({@link validate}); once done, the diagnostics and the ruleset are exactly parseRuleset's.
 *
 * A chain read before validation is done holds the rules its lines make; should the whole-table checks then
 * refuse some (a loop, a DNAT in the wrong chain), that chain is read again without them on next use.
 * A text the index cannot follow exactly (a script, commands other than appends, a chain declared after rules or
 * twice) is parsed in full at once: then everything is already read and validated.
 */
export class LazyParse implements ChainSource {
  readonly ruleset: Ruleset;
  readonly format: "iptables-save" | "script";
  readonly header: string;
  readonly footer: string;
  private diags: Diagnostic[];
  private counters = false;
  private done = false;

  private readonly b = new RulesetBuilder();
  private readonly rules = new RuleLines();
  private readonly builtRules = new Map<number, RuleEntry>();
  /** By chain serial: its builder state, its table, its model chain. */
  private chainStates: ChainState[] = [];
  private tableStates: TableState[] = [];
  private modelChains: Chain[] = [];
  /** Each chain's rules as rule indexes: chain serial `c` has `order[first[c] .. first[c + 1])`. */
  private first = new Int32Array(0);
  private order = new Int32Array(0);
  /** What validation found of each canonical rule: its target's kind and jump destination (a chain serial). */
  private kinds: (TargetKind | null)[] = [];
  private to = new Int32Array(0);
  private next = 0;
  private eofError: Diagnostic | undefined;
  private checker: CanonicalLines | null = null;
  private maker: CanonicalLines | null = null;

  constructor(private readonly text: string) {
    this.format = detectFormat(text);
    const eager = (): ParseResult => {
      const parsed = parseRuleset(text);
      this.diags = parsed.diagnostics;
      this.counters = parsed.ruleCounters;
      this.done = true;
      return parsed;
    };
    this.diags = [];
    if (this.format !== "iptables-save") {
      const parsed = eager();
      this.ruleset = parsed.ruleset;
      this.header = parsed.header;
      this.footer = parsed.footer;
      return;
    }
    const lines = new IndexedLines(this.b, text, this.rules, this.builtRules);
    const comments = parseRestore(text, this.b, lines);
    this.header = comments.header;
    this.footer = comments.footer;
    if (lines.eager || this.b.replaced > 0) {
      this.ruleset = eager().ruleset;
      return;
    }
    if (comments.unclosed) this.eofError = this.b.diagnostics.at(-1);
    this.rules.trim();
    this.ruleset = this.index();
    this.kinds = new Array(this.rules.count).fill(null);
    this.to = new Int32Array(this.rules.count);
  }

  private index(): Ruleset {
    const { b, rules } = this;
    const n = b.chainCount;
    this.chainStates = new Array(n);
    this.tableStates = new Array(n);
    this.modelChains = new Array(n);
    const first = new Int32Array(n + 1);
    for (let k = 0; k < rules.count; k++) if (!(rules.flags[k]! & RULE_DROPPED)) first[rules.chain[k]! + 1]!++;
    for (let c = 0; c < n; c++) first[c + 1]! += first[c]!;
    const fill = first.slice(0, n);
    const order = new Int32Array(first[n]!);
    for (let k = 0; k < rules.count; k++) if (!(rules.flags[k]! & RULE_DROPPED)) order[fill[rules.chain[k]!]!++] = k;
    this.first = first;
    this.order = order;
    const tables: Table[] = [];
    for (const t of b.tables.values()) {
      const chains: Chain[] = [];
      for (const c of t.chains.values()) {
        this.chainStates[c.serial] = c;
        this.tableStates[c.serial] = t;
        const chain = lazyChain(this, c.serial, c.name, c.policy, c.counters, c.pos);
        this.modelChains[c.serial] = chain;
        chains.push(chain);
      }
      tables.push(t.pos ? { name: t.name, chains, pos: t.pos } : { name: t.name, chains });
    }
    return { tables };
  }

  /** True once every line has been validated: the diagnostics and the ruleset are then final. */
  get validated(): boolean {
    return this.done;
  }

  /** The diagnostics found so far, in line order; all of parseRuleset's once {@link validated}. */
  get diagnostics(): readonly Diagnostic[] {
    return this.done ? this.diags : this.sorted();
  }

  /** How far validation is: rule lines validated, of how many. */
  get progress(): { readonly done: number; readonly total: number } {
    return { done: this.done ? this.rules.count : this.next, total: this.rules.count };
  }

  /**
   * Validates up to `lines` more rule lines (all by default), and when none are left runs the whole-table
   * checks; true when validation is done. Call it again until it is, e.g. between messages in a worker.
   */
  validate(lines = Number.POSITIVE_INFINITY): boolean {
    if (this.done) return true;
    const { rules, text, b } = this;
    this.checker ??= new CanonicalLines(b, text, text.length >> 12);
    const fast = this.checker;
    const stop = Math.min(rules.count, this.next + lines);
    for (let k = this.next; k < stop; k++) {
      const flags = rules.flags[k]!;
      if (flags & (RULE_BUILT | RULE_DROPPED)) continue;
      const serial = rules.chain[k]!;
      const table = this.tableStates[serial]!;
      const start = rules.start[k]!;
      let end = text.indexOf("\n", start);
      const hasNewline = end >= 0;
      if (!hasNewline) end = text.length;
      if (fast.checkLine(table, start, end)) {
        const kind = fast.checkedKind;
        this.kinds[k] = kind;
        this.to[k] = kind === "jump" || kind === "goto" ? fast.checkedTo : -1;
        rules.flags[k] = flags | RULE_CHECKED;
        continue;
      }
      fast.forget();
      const line = rules.line[k]!;
      const errors = b.diagnostics.length;
      runLine(b, line, () => generalRuleLine(b, table, text, start, end, hasNewline, line));
      if (b.diagnostics.length > errors) {
        rules.flags[k] = flags | RULE_DROPPED;
        this.forgetChain(serial);
      } else {
        this.builtRules.set(k, this.chainStates[serial]!.rules.pop()!);
        rules.flags[k] = flags | RULE_BUILT;
      }
    }
    this.next = stop;
    if (stop < rules.count) return false;
    this.finish();
    return true;
  }

  /**
   * Validates until `now()` reaches `deadline` (checked every 1,024 rule lines), e.g. a worker's 20 ms slice
   * between messages: `validateUntil(performance.now() + 20, () => performance.now())`. True when done.
   */
  validateUntil(deadline: number, now: () => number): boolean {
    while (!this.validate(1024)) if (now() >= deadline) return false;
    return true;
  }

  /** The whole-table checks, on each rule's target (check/table-facts.ts); then the diagnostics are final. */
  private finish(): void {
    const { rules, b } = this;
    const facts: TableFacts[] = [];
    const local = new Int32Array(b.chainCount);
    const tableOf = new Int32Array(b.chainCount);
    for (const table of b.tables.values()) {
      const ids = new Map<string, number>();
      for (const chain of table.chains.values()) {
        local[chain.serial] = ids.size;
        tableOf[chain.serial] = facts.length;
        ids.set(chain.name, ids.size);
      }
      facts.push(new TableFacts(table.name, ids.size, (name) => ids.get(name)));
    }
    let counters = false;
    for (let k = 0; k < rules.count; k++) {
      const flags = rules.flags[k]!;
      if (flags & RULE_DROPPED) continue;
      const serial = rules.chain[k]!;
      const f = facts[tableOf[serial]!]!;
      if (flags & RULE_BUILT) {
        const rule = this.builtRules.get(k)!.rule;
        const t = rule.target;
        if (rule.counters) counters = true;
        const dest =
          t && (t.kind === "jump" || t.kind === "goto") ? this.tableStates[serial]!.chains.get(t.chain) : null;
        f.add(local[serial]!, t ? t.kind : null, dest ? local[dest.serial]! : -1, matchesAllowedHooks(rule.matches));
      } else {
        if (flags & RULE_COUNTERS) counters = true;
        const dest = this.to[k]!;
        f.add(local[serial]!, this.kinds[k]!, dest < 0 ? -1 : local[dest]!, ALL_HOOKS);
      }
    }
    this.kinds = [];
    this.to = new Int32Array(0);
    this.checker = null;
    if (facts.some((f) => f.hasProblem())) {
      // Rare: the full parse says which rules the kernel refuses, and why; those are dropped here too.
      const parsed = parseRuleset(this.text);
      this.diags = parsed.diagnostics;
      this.counters = parsed.ruleCounters;
      for (const d of parsed.diagnostics) {
        if (!TABLE_PROBLEM_CODES.has(d.code)) continue;
        const k = rules.atLine(d.line);
        if (k < 0) continue;
        rules.flags[k]! |= RULE_DROPPED;
        this.forgetChain(rules.chain[k]!);
      }
    } else {
      this.diags = this.sorted();
      this.counters = counters;
    }
    this.done = true;
  }

  /** The builder's diagnostics in line order; the missing COMMIT found at the end goes after the last line's. */
  private sorted(): Diagnostic[] {
    const eof = this.eofError;
    return [...this.b.diagnostics].sort(
      (x, y) => x.line - y.line || x.column - y.column || (x === eof ? 1 : 0) - (y === eof ? 1 : 0),
    );
  }

  private forgetChain(serial: number): void {
    const chain = this.modelChains[serial];
    if (chain) forgetRules(chain);
  }

  /** Reads the rules of chain `serial` from the text, as the full parse would (without its diagnostics). */
  rulesOf(serial: number): readonly Rule[] {
    const { rules, text, b } = this;
    const state = this.chainStates[serial]!;
    const table = this.tableStates[serial]!;
    // Room for few values at first: a node's whole table of them would cost more than the chains read.
    this.maker ??= new CanonicalLines(b, text, 1024);
    const maker = this.maker;
    const out: Rule[] = [];
    const errors = b.diagnostics.length;
    for (let i = this.first[serial]!; i < this.first[serial + 1]!; i++) {
      const k = this.order[i]!;
      const flags = rules.flags[k]!;
      if (flags & RULE_DROPPED) continue;
      if (flags & RULE_BUILT) {
        out.push(this.builtRules.get(k)!.rule);
        continue;
      }
      const start = rules.start[k]!;
      let end = text.indexOf("\n", start);
      const hasNewline = end >= 0;
      if (!hasNewline) end = text.length;
      const line = rules.line[k]!;
      if (!maker.ruleLine(table, start, end, line)) {
        maker.forget();
        // Not validated yet, or not canonical: the general parser reads it; its errors are validation's to say.
        runLine(b, line, () => generalRuleLine(b, table, text, start, end, hasNewline, line));
      }
      const entry = state.rules.pop();
      if (entry) out.push(entry.rule);
    }
    b.diagnostics.length = errors;
    return out;
  }

  /** How many rules chain `serial` has (so far as validation knows), without reading them. */
  ruleCountOf(serial: number): number {
    let n = 0;
    for (let i = this.first[serial]!; i < this.first[serial + 1]!; i++)
      if (!(this.rules.flags[this.order[i]!]! & RULE_DROPPED)) n++;
    return n;
  }

  /** Every rule of the ruleset, counted without reading them. */
  ruleCount(): number {
    let n = 0;
    for (const t of this.ruleset.tables) for (const c of t.chains) n += chainRuleCount(c);
    return n;
  }

  /** The finished parse, exactly parseRuleset's (validating what is left first); chains stay lazy. */
  result(): ParseResult {
    this.validate();
    const { ruleset, diags: diagnostics, format, counters: ruleCounters, header, footer } = this;
    return { ruleset, ruleCounters, diagnostics, format, header, footer };
  }
}

/** parseRuleset, with each chain's rules read when first used: same ruleset, same diagnostics. */
export function parseRulesetLazy(text: string): ParseResult {
  return new LazyParse(text).result();
}
