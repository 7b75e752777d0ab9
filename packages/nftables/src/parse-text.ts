import { type ChainDraft, RulesetBuilder, type SetDraft, type TableDraft } from "./builder";
import { checkRuleset } from "./check";
import { Cursor, errorAt, type Reference, unexpected } from "./cursor";
import { type Diagnostic, NftError } from "./diagnostics";
import { Lexer, spanOf, type Token, tokenize } from "./lexer";
import {
  type ChainType,
  type Expr,
  FAMILIES,
  type Family,
  type Hook,
  type Priority,
  type Rule,
  type Ruleset,
  type SetFlag,
  type Span,
} from "./model";
import { parseExpr } from "./parse-expr";
import { parseRuleBody, parseVerdict } from "./parse-rule";
import { parseElements } from "./parse-value";
import { namedPriorityValue } from "./priority";
import { parseTime } from "./time";
import { substituteVariables } from "./variables";

export interface ParseResult {
  readonly ruleset: Ruleset;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Reads nft text: `nft list ruleset` output (with or without `-a` handles) and `nft -f` input (nested blocks,
 * `add`/`insert` commands, `flush ruleset`, `define`). Never throws: a bad command becomes a located diagnostic
 * in nft's wording and the rest is still read.
 */
export function parseNft(text: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  try {
    // Without `define` or `$` there is nothing to substitute, and the parser reads tokens as the lexer makes them.
    const plain = !text.includes("$") && !text.includes("define");
    const p = new TextParser(plain ? new Lexer(text) : substituteVariables(tokenize(text), diagnostics), diagnostics);
    p.file();
    const ruleset = p.builder.build();
    diagnostics.push(...checkRuleset(ruleset, p.refsOf()));
    return { ruleset, diagnostics: sortDiagnostics(diagnostics) };
  } catch (e) {
    // A parser bug must not take the caller down with it: say so, located at the start.
    const message = e instanceof Error ? e.message : String(e);
    diagnostics.push({
      code: "nft.internal",
      severity: "error",
      message: `internal error: ${message}`,
      line: 1,
      column: 1,
    });
    return { ruleset: { tables: [] }, diagnostics };
  }
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => a.line - b.line || a.column - b.column);
}

const CHAIN_TYPES: readonly ChainType[] = ["filter", "nat", "route"];
const HOOKS: readonly Hook[] = ["prerouting", "input", "forward", "output", "postrouting", "ingress", "egress"];
const SET_FLAGS: readonly SetFlag[] = ["constant", "interval", "timeout", "dynamic"];

function isFamily(s: string): s is Family {
  return (FAMILIES as readonly string[]).includes(s);
}

/** `# handle 12` as nft -a prints it. */
function handleOf(t: Token): number | null {
  if (t.kind !== "comment") return null;
  const m = /^handle (\d+)$/.exec(t.text);
  return m ? Number(m[1]) : null;
}

class TextParser {
  readonly builder = new RulesetBuilder();
  /** Where each rule names its sets and jump targets, for the whole-ruleset check's located errors. */
  // Two parallel lists, made into a map only when the check reports an error: a map keyed by tens of thousands of
  // rules (or a WeakMap) would cost every import, and only a located error needs it.
  private readonly refRules: Rule[] = [];
  private readonly refLists: (readonly Reference[])[] = [];
  refsOf(): (rule: Rule) => readonly Reference[] | null {
    let map: Map<Rule, readonly Reference[]> | null = null;
    return (rule) => {
      map ??= new Map(this.refRules.map((r, i) => [r, this.refLists[i]!]));
      return map.get(rule) ?? null;
    };
  }
  readonly c: Cursor;
  constructor(
    tokens: Token[] | Lexer,
    readonly diagnostics: Diagnostic[],
  ) {
    this.c = new Cursor(tokens);
  }

  report(e: unknown): void {
    if (!(e instanceof NftError)) throw e;
    const d: Diagnostic = {
      code: e.code,
      severity: "error",
      message: e.message,
      line: e.line,
      column: e.column,
      endColumn: e.endColumn,
      ...(e.hint ? { hint: e.hint } : {}),
    };
    this.diagnostics.push(d);
  }

  /** Skips to the end of the current command (newline or `;` outside braces), for error recovery. */
  recover(): void {
    const c = this.c;
    let depth = 0;
    while (!c.atEnd()) {
      const t = c.peek();
      if (depth === 0 && (t.kind === "newline" || t.text === ";") && t.kind !== "string") return;
      if (t.kind === "punct" && t.text === "{") depth++;
      if (t.kind === "punct" && t.text === "}") {
        if (depth === 0) return;
        depth--;
      }
      c.next();
    }
  }

  separators(): void {
    const c = this.c;
    c.release();
    while (c.peek().kind === "newline" || c.peek().kind === "comment" || c.at(";")) c.next();
  }

  file(): void {
    const c = this.c;
    for (;;) {
      this.separators();
      if (c.atEnd()) return;
      const start = c.i;
      try {
        this.command();
      } catch (e) {
        this.report(e);
        if (c.i === start) c.next();
        this.recover();
        if (c.at("}")) c.next();
      }
    }
  }

  command(): void {
    const c = this.c;
    const t = c.next();
    switch (t.text) {
      case "table":
        this.tableBlock(t);
        return;
      case "flush":
        this.flush(t);
        return;
      case "add":
      case "create":
        this.add(false);
        return;
      case "insert":
        this.add(true);
        return;
      case "chain":
      case "rule":
      case "set":
      case "map":
      case "element":
        c.i--;
        this.add(false);
        return;
      case "include": {
        const f = c.peek();
        c.next();
        throw new NftError(
          "nft.include",
          `include is not supported here: ${f.kind === "string" ? f.text : "?"} cannot be read`,
          t.line,
          t.column,
          f.line === t.line ? f.endColumn : t.endColumn,
          "Paste the included file's contents in its place.",
        );
      }
      case "delete":
      case "destroy":
      case "replace":
      case "reset":
        throw errorAt(t, "nft.unsupported-command", `'${t.text}' commands are not supported here`);
    }
    throw unexpected(t);
  }

  familyAndName(what: string): { family: Family; name: Token } {
    const c = this.c;
    let family: Family = "ip";
    const first = c.peek();
    if (first.kind === "word" && isFamily(first.text) && (c.peek(1).kind === "word" || c.peek(1).kind === "string")) {
      family = first.text;
      c.next();
    }
    return { family, name: c.word(what) };
  }

  /** `table [family] name { ... }` */
  tableBlock(start: Token): void {
    const { family, name } = this.familyAndName("table name");
    const table = this.builder.table(family, name.text, spanOf(name));
    if (this.c.at("{")) this.tableBody(table);
    void start;
  }

  tableBody(table: TableDraft): void {
    const c = this.c;
    c.expect("{");
    const h = handleOf(c.peek());
    if (h !== null) table.handle = h;
    for (;;) {
      this.separators();
      if (c.eat("}")) return;
      if (c.atEnd()) throw unexpected(c.peek(), "expecting '}'");
      const start = c.i;
      try {
        const t = c.next();
        switch (t.text) {
          case "chain": {
            const name = c.word("chain name");
            const chain = this.builder.chain(table, name.text, spanOf(name));
            if (c.at("{")) this.chainBody(table, chain);
            break;
          }
          case "set":
          case "map": {
            const name = c.word("set name");
            this.setBlock(table, name, t.text === "map");
            break;
          }
          case "comment":
            table.comment = c.word("comment").text;
            break;
          case "flags":
            c.word("flag");
            break;
          default:
            throw unexpected(t);
        }
      } catch (e) {
        this.report(e);
        if (c.i === start) c.next();
        this.recover();
      }
    }
  }

  chainBody(table: TableDraft, chain: ChainDraft): void {
    const c = this.c;
    c.expect("{");
    const h = handleOf(c.peek());
    if (h !== null) chain.handle = h;
    for (;;) {
      this.separators();
      if (c.eat("}")) return;
      if (c.atEnd()) throw unexpected(c.peek(), "expecting '}'");
      const start = c.i;
      try {
        if (c.at("type")) this.baseSpec(table, chain);
        else if (c.at("policy")) {
          c.next();
          const p = c.word("policy");
          if (p.text !== "accept" && p.text !== "drop") throw unexpected(p);
          if (!chain.base) throw errorAt(p, "nft.policy", "policy is only allowed in base chains");
          chain.base = { ...chain.base, policy: p.text };
        } else if (c.at("comment") && (c.peek(2).kind === "newline" || c.peek(2).text === ";")) {
          c.next();
          chain.comment = c.word("comment").text;
        } else this.rule(chain, false);
      } catch (e) {
        this.report(e);
        if (c.i === start) c.next();
        this.recover();
      }
    }
  }

  baseSpec(table: TableDraft, chain: ChainDraft): void {
    const c = this.c;
    c.expect("type");
    const type = c.word("chain type");
    if (!(CHAIN_TYPES as readonly string[]).includes(type.text)) throw unexpected(type);
    c.expect("hook");
    const hook = c.word("hook");
    if (!(HOOKS as readonly string[]).includes(hook.text)) {
      throw errorAt(hook, "nft.hook", `unknown chain hook`);
    }
    const devices: string[] = [];
    if (c.eat("device")) devices.push(c.word("device").text);
    else if (c.eat("devices")) {
      c.expect("=");
      c.expect("{");
      do devices.push(c.word("device").text);
      while (c.eat(","));
      c.expect("}");
    }
    c.expect("priority");
    const priority = this.priority(table.family, hook.text as Hook);
    chain.base = {
      type: type.text as ChainType,
      hook: hook.text as Hook,
      priority,
      policy: chain.base?.policy ?? "accept",
      devices,
    };
  }

  priority(family: Family, hook: Hook): Priority {
    const c = this.c;
    const kw = c.tokenAt(c.i - 1)!;
    const t = c.word("priority");
    if (/^-?\d+$/.test(t.text)) return { kind: "number", value: Number(t.text) };
    const base = namedPriorityValue(t.text, family, hook);
    if (base === null) {
      throw new NftError(
        "nft.priority",
        "invalid priority expression value in this context.",
        kw.line,
        kw.column,
        t.endColumn,
        `'${t.text}' is not a priority name nft accepts for a ${family} ${hook} chain.`,
      );
    }
    let offset = 0;
    if (c.at("+") || c.at("-")) {
      const sign = c.next().text === "-" ? -1 : 1;
      offset = sign * Number(c.word("number").text);
    } else if (/^-\d+$/.test(c.peek().text)) offset = Number(c.next().text);
    return { kind: "named", name: t.text as never, offset, value: base + offset };
  }

  /** A part of a rule kept but not simulated: a located warning (one function for every rule, not a closure each). */
  /** A part of a rule kept but not simulated: a located warning (one function for every rule, not a closure each). */
  readonly onUnsupported = (span: Span, text: string): void => {
    this.diagnostics.push({
      code: "nft.unsupported",
      severity: "warning",
      message: `not simulated: ${text}`,
      line: span.line,
      column: span.column,
      endColumn: span.endColumn,
      hint: "The explorer keeps and prints this part of the rule but cannot evaluate it; it never treats it as matching.",
    });
  };

  /** Collects one rule's tokens up to its terminator; its trailing `# handle N` is the handle. */
  /** One list for every rule's tokens, written over each time: a rule's cursor reads only its own `n`. */
  private readonly ruleBuf: Token[] = [];

  /** Collects one rule's tokens into `ruleBuf` up to its terminator: their count, and its `# handle N`. */
  ruleTokens(): { n: number; handle: number | null } {
    const c = this.c;
    const tokens = this.ruleBuf;
    let n = 0;
    let depth = 0;
    while (!c.atEnd()) {
      const t = c.peek();
      if (t.kind === "punct" && (t.text === "{" || t.text === "(")) depth++;
      if (t.kind === "punct" && (t.text === "}" || t.text === ")")) {
        if (depth === 0) break;
        depth--;
      }
      if (depth === 0 && (t.kind === "newline" || (t.kind === "punct" && t.text === ";"))) break;
      if (t.kind === "comment") {
        c.next();
        const h = handleOf(t);
        if (h !== null && depth === 0) return { n, handle: h };
        continue;
      }
      if (depth > 0 && t.kind === "newline") {
        c.next();
        continue;
      }
      tokens[n++] = c.next();
    }
    return { n, handle: null };
  }

  rule(chain: ChainDraft, insert: boolean): void {
    const c = this.c;
    const first = c.peek();
    const { n, handle } = this.ruleTokens();
    if (n === 0) throw unexpected(c.peek());
    const tokens = this.ruleBuf;
    const last = tokens[n - 1]!;
    tokens[n] = {
      kind: "eof",
      text: "end of rule",
      line: last.line,
      column: last.endColumn,
      endColumn: last.endColumn,
    };
    const rc = new Cursor(tokens, n + 1);
    const parsed = parseRuleBody(rc, this.onUnsupported);
    const span: Span = {
      line: first.line,
      column: first.column,
      endColumn: last.line === first.line ? last.endColumn : first.endColumn,
    };
    const rule: Rule = { handle, comment: parsed.comment, body: parsed.body, span };
    if (rc.refs.length > 0) {
      this.refRules.push(rule);
      this.refLists.push(rc.refs);
    }
    if (insert) chain.rules.unshift(rule);
    else chain.rules.push(rule);
  }

  setBlock(table: TableDraft, name: Token, isMap: boolean): void {
    const c = this.c;
    const draft: SetDraft = {
      name: name.text,
      isMap,
      handle: null,
      key: { kind: "type", types: [] },
      dataType: null,
      flags: [],
      timeout: null,
      size: null,
      policy: null,
      comment: null,
      elements: [],
      span: spanOf(name),
    };
    const set = table.sets.get(name.text) ?? draft;
    table.sets.set(name.text, set);
    c.expect("{");
    const h = handleOf(c.peek());
    const s = set as { -readonly [K in keyof SetDraft]: SetDraft[K] };
    if (h !== null) s.handle = h;
    for (;;) {
      this.separators();
      if (c.eat("}")) break;
      const t = c.word("set property");
      switch (t.text) {
        case "type": {
          const types = [c.word("type").text];
          while (c.eat(".")) types.push(c.word("type").text);
          s.key = { kind: "type", types };
          if (c.eat(":")) s.dataType = this.dataType();
          break;
        }
        case "typeof": {
          const exprs: Expr[] = [parseExprLine(c)];
          while (c.eat(".")) exprs.push(parseExprLine(c));
          s.key = { kind: "typeof", exprs: flattenConcat(exprs) };
          if (c.eat(":")) s.dataType = this.dataType();
          break;
        }
        case "flags": {
          const flags: SetFlag[] = [];
          do {
            const f = c.word("flag");
            if (!(SET_FLAGS as readonly string[]).includes(f.text)) throw unexpected(f);
            flags.push(f.text as SetFlag);
          } while (c.eat(","));
          s.flags = s.timeout !== null && !flags.includes("timeout") ? [...flags, "timeout"] : flags;
          break;
        }
        case "timeout": {
          const t = c.word("timeout");
          const ms = parseTime(t.text);
          if (ms === null) throw errorAt(t, "nft.time", `Wrong time format`);
          s.timeout = ms;
          // A default timeout implies the timeout flag; nft lists it without the flag.
          if (!s.flags.includes("timeout")) s.flags = [...s.flags, "timeout"];
          break;
        }
        case "size":
          s.size = Number(c.word("size").text);
          break;
        case "policy":
          s.policy = c.word("policy").text;
          break;
        case "comment":
          s.comment = c.word("comment").text;
          break;
        case "counter":
        case "auto-merge":
          break;
        case "elements":
          c.expect("=");
          c.expect("{");
          s.elements.push(...parseElements(c, s.dataType === "verdict" ? parseVerdict : null, "}"));
          break;
        default:
          throw unexpected(t);
      }
    }
    if (s.isMap && s.dataType === null)
      throw errorAt(name, "nft.map-type", "map definition does not specify mapping data type");
    if (s.key.kind === "type" && s.key.types.length === 0 && set === draft) {
      throw errorAt(name, "nft.set-type", `set definition does not specify key`);
    }
  }

  dataType(): string {
    const c = this.c;
    const parts = [c.word("data type").text];
    while (c.eat(".")) parts.push(c.word("data type").text);
    return parts.join(" . ");
  }

  flush(start: Token): void {
    const c = this.c;
    const what = c.word("ruleset, table or chain");
    if (what.text === "ruleset") {
      if (c.peek().kind === "word" && isFamily(c.peek().text)) {
        const f = c.next().text;
        for (const [k, t] of this.builder.tables) if (t.family === f) this.builder.tables.delete(k);
      } else this.builder.tables.clear();
      return;
    }
    if (what.text === "table") {
      const { family, name } = this.familyAndName("table name");
      const t = this.builder.findTable(family, name.text);
      if (!t) throw errorAt(name, "nft.no-table", "Could not process rule: No such file or directory");
      for (const ch of t.chains.values()) ch.rules = [];
      return;
    }
    if (what.text === "chain") {
      const { family, name } = this.familyAndName("table name");
      const chainName = c.word("chain name");
      const ch = this.builder.findTable(family, name.text)?.chains.get(chainName.text);
      if (!ch) throw errorAt(chainName, "nft.no-chain", "Could not process rule: No such file or directory");
      ch.rules = [];
      return;
    }
    void start;
    throw unexpected(what);
  }

  /** `add table|chain|rule|set|map|element ...` and `insert rule ...`. */
  add(insert: boolean): void {
    const c = this.c;
    const what = c.word("table, chain, rule, set, map or element");
    if (what.text === "table") {
      const { family, name } = this.familyAndName("table name");
      const table = this.builder.table(family, name.text, spanOf(name));
      if (c.at("{")) this.tableBody(table);
      return;
    }
    if (!["chain", "rule", "set", "map", "element"].includes(what.text)) throw unexpected(what);
    const { family, name } = this.familyAndName("table name");
    const table = this.builder.findTable(family, name.text);
    if (!table) {
      throw errorAt(
        name,
        "nft.no-table",
        `No such file or directory; did you mean table '${name.text}' in family ${family}?`,
        `No table ${family} ${name.text} is defined before this command.`,
      );
    }
    const obj = c.word("name");
    switch (what.text) {
      case "chain": {
        const chain = this.builder.chain(table, obj.text, spanOf(obj));
        if (c.at("{")) this.chainBody(table, chain);
        return;
      }
      case "rule": {
        const chain = table.chains.get(obj.text);
        if (!chain) throw errorAt(obj, "nft.no-chain", "Could not process rule: No such file or directory");
        if (c.at("position") || c.at("handle") || c.at("index")) {
          throw errorAt(c.peek(), "nft.unsupported-command", `'${c.peek().text}' in add rule is not supported here`);
        }
        this.rule(chain, insert);
        return;
      }
      case "set":
      case "map":
        this.setBlock(table, obj, what.text === "map");
        return;
      case "element": {
        const set = table.sets.get(obj.text);
        if (!set) throw errorAt(obj, "nft.no-set", `Could not process rule: No such file or directory`);
        c.expect("{");
        set.elements.push(...parseElements(c, set.dataType === "verdict" ? parseVerdict : null, "}"));
        return;
      }
    }
  }
}

function parseExprLine(c: Cursor): Expr {
  return parseExpr(c);
}

function flattenConcat(exprs: Expr[]): Expr[] {
  return exprs.flatMap((e) => (e.kind === "concat" ? e.parts : [e]));
}
