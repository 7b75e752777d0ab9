import { isTableName, type TableName, type TargetKind } from "@nfx/model";
import { isTargetName } from "../fast/canonical-lines";
import { ALL_HOOKS } from "../target-placement";
import { ChainNames } from "./chain-names";
import type { CheckResult } from "./check-result";
import { CHAIN_LINE, RULE, RULE_LINE } from "./line-patterns";
import { OddLines } from "./odd-lines";
import { TableFacts } from "./table-facts";

/** What a chain's name forbids or means, noted once when it is declared (ChainNames.flags). */
const NO_IN = 1; // OUTPUT, POSTROUTING: `-i` is refused there
const NO_OUT = 2; // INPUT, PREROUTING: `-o` is refused there
const TARGET_LIKE = 4; // named like a target: a `-j` to it is the general parser's to read

/** The target kinds of the lines read here, by code (0: no target). */
const KINDS = [
  null,
  "jump",
  "goto",
  "ACCEPT",
  "DROP",
  "RETURN",
  "DNAT",
  "SNAT",
  "MARK",
  "MASQUERADE",
  "REJECT",
] as const satisfies readonly (TargetKind | null)[];
const code = (kind: (typeof KINDS)[number]) => KINDS.indexOf(kind);
const JUMP = code("jump");
const GOTO = code("goto");
const ACCEPT = code("ACCEPT");
const DROP = code("DROP");
const RETURN = code("RETURN");
const DNAT = code("DNAT");
const SNAT = code("SNAT");
const MARK = code("MARK");
const MASQUERADE = code("MASQUERADE");
const REJECT = code("REJECT");

/** No target's name is longer: longer chain names (kube-proxy's are 26) need no lookup to be told from one. */
export const TARGET_NAME_LIMIT = 24;

/** Thrown, and caught by {@link quickCheck}, when only the full check can say what the text is. */
class Unsure extends Error {}

/**
 * checkRuleset's verdict on a plain iptables-save file, found in one pass over the text with nothing made per
 * line but the names it looks up: no token, no rule, no chain object. It reads the lines iptables-save writes
 * for real rulesets (line-patterns.ts: the shapes of fast/canonical-lines.ts, but only the commonest of their
 * values) and hands any other rule line to the general parser, one at a time (odd-lines.ts). Null whenever the
 * answer could differ from the full parse's in the least: any error or warning, a tab, carriage return or
 * backslash anywhere, a table restored twice, a chain declared twice, a command other than an append, a
 * whole-table problem. The caller then runs the full check, which owns every diagnostic. Its only answer is
 * "valid, with these counts".
 */
export function quickCheck(text: string): CheckResult | null {
  // Each is one native search; the patterns need not then think of these characters.
  if (text.indexOf("\t") >= 0 || text.indexOf("\r") >= 0 || text.indexOf("\\") >= 0) return null;
  try {
    return new QuickCheck(text).run();
  } catch (e) {
    if (e instanceof Unsure) return null;
    throw e;
  }
}

class QuickCheck {
  private readonly names = new ChainNames();
  private readonly odd: OddLines;
  private readonly seen = new Set<TableName>();
  /** The table being read: its index (for ChainNames), name and the id of its first chain. */
  private table = -1;
  private tableName: TableName = "filter";
  private first = 0;
  private tables = 0;
  private rules = 0;
  /** The current table's rules: chain (id in the table), target kind (code) and jump destination (id or -1). */
  private ruleChain = new Int32Array(4096);
  private ruleKind = new Uint8Array(4096);
  private ruleTo = new Int32Array(4096);
  private ruleCount = 0;
  /** The chain of the last line {@link plainJump} read, and that line's `-A NAME `. */
  private lastChain = -1;
  private lastPrefix = "";

  constructor(private readonly text: string) {
    this.odd = new OddLines(text, this.names);
  }

  run(): CheckResult {
    const text = this.text;
    const length = text.length;
    let line = 0;
    let start = 0;
    while (start < length) {
      line++;
      const c = text.charCodeAt(start);
      // A line the patterns read is consumed with its newline; any other is found by its end.
      if (c === 45 /* - */ || c === 91 /* [ */) {
        if (this.table < 0) throw new Unsure();
        const next = this.ruleLine(start);
        if (next >= 0) {
          start = next;
          continue;
        }
      } else if (c === 58 /* : */) {
        if (this.table < 0) throw new Unsure();
        start = this.chainLine(start);
        continue;
      }
      let end = text.indexOf("\n", start);
      const hasNewline = end >= 0;
      if (!hasNewline) end = length;
      if (c === 45 || c === 91) {
        // Not a line read here: the general parser reads it, alone; any doubt and the whole text is checked.
        if (!this.odd.read(start, end, hasNewline, line)) throw new Unsure();
        this.rules++;
      } else if (c === 42 /* * */) {
        this.tableLine(start, end);
      } else if (c === 67 /* C */) {
        if (this.table < 0 || end - start !== 6 || !text.startsWith("COMMIT", start)) throw new Unsure();
        this.commit();
      } else if (c !== 35 /* # */ && end > start) {
        throw new Unsure();
      }
      start = end + 1;
    }
    if (this.table >= 0) throw new Unsure();
    return {
      diagnostics: [],
      format: "iptables-save",
      tables: this.tables,
      chains: this.names.count,
      rules: this.rules,
    };
  }

  private tableLine(start: number, end: number): void {
    const name = this.text.slice(start + 1, end);
    if (this.table >= 0 || !isTableName(name) || this.seen.has(name)) throw new Unsure();
    this.seen.add(name);
    this.table = this.tables++;
    this.tableName = name;
    this.first = this.names.count;
    this.ruleCount = 0;
    this.lastChain = -1;
    this.odd.startTable(name, this.table);
  }

  /** `:NAME POLICY [p:b]`: where the next line starts. */
  private chainLine(start: number): number {
    CHAIN_LINE.lastIndex = start;
    const m = CHAIN_LINE.exec(this.text);
    if (m === null) throw new Unsure();
    const name = m[1]!;
    const id = this.names.add(this.table, name);
    if (id < 0) throw new Unsure(); // declared again: the full parse says what is dropped
    let flags = 0;
    if (name === "OUTPUT" || name === "POSTROUTING") flags |= NO_IN;
    if (name === "INPUT" || name === "PREROUTING") flags |= NO_OUT;
    if (name.length <= TARGET_NAME_LIMIT && isTargetName(name)) flags |= TARGET_LIKE;
    this.names.flags[id] = flags;
    return CHAIN_LINE.lastIndex;
  }

  /**
   * Reads a rule line as CanonicalLines.checkLine does, for a subset of what it accepts, and notes its chain,
   * target kind and destination: where the next line starts, or -1 for a line the general parser must read.
   */
  private ruleLine(start: number): number {
    RULE_LINE.lastIndex = start;
    if (!RULE_LINE.test(this.text)) return -1;
    const next = RULE_LINE.lastIndex;
    if (this.plainJump(start, next)) return next;
    RULE_LINE.lastIndex = start;
    return this.groupsRead(RULE_LINE.exec(this.text)!) ? next : -1;
  }

  /**
   * The commonest line, `-A CHAIN ... -j NAME` (or `-g NAME`) in a chain whose name forbids no option, read where
   * its two names are written: the pattern has read the rest, and no match is made. False leaves the line to
   * {@link groupsRead}, which says the same of any line this takes.
   */
  private plainJump(start: number, next: number): boolean {
    const { text, names, table } = this;
    if (text.charCodeAt(start) !== 45 /* - */) return false; // counters first
    const end = text.charCodeAt(next - 1) === 10 ? next - 1 : next;
    // The last word follows ` -j ` or ` -g `: the pattern then read it as the target, unless it ends a quoted
    // comment (it would end with the quote, which no name has).
    const last = text.lastIndexOf(" ", end - 1);
    if (text.charCodeAt(end - 1) === 34 || text.charCodeAt(last - 3) !== 32 || text.charCodeAt(last - 2) !== 45)
      return false;
    const jg = text.charCodeAt(last - 1);
    if (jg !== 106 /* j */ && jg !== 103 /* g */) return false;
    // A chain's rules are written together: its `-A NAME ` is compared, not looked up again.
    let chain = this.lastChain;
    if (chain < 0 || !text.startsWith(this.lastPrefix, start)) {
      const space = text.indexOf(" ", start + 3);
      chain = names.find(table, text.slice(start + 3, space));
      if (chain < 0) return false;
      this.lastChain = chain;
      this.lastPrefix = text.slice(start, space + 1);
    }
    if (names.flags[chain]! & (NO_IN | NO_OUT)) return false;
    const target = text.slice(last + 1, end);
    const id = names.find(table, target);
    if (id >= 0) {
      if (names.flags[id]! & TARGET_LIKE) return false;
      this.note(chain, jg === 103 ? GOTO : JUMP, id);
      return true;
    }
    const kind =
      jg === 103 ? 0 : target === "ACCEPT" ? ACCEPT : target === "DROP" ? DROP : target === "RETURN" ? RETURN : 0;
    if (kind === 0) return false;
    this.note(chain, kind, -1);
    return true;
  }

  /** Any line the pattern reads, from its groups: false for one the general parser must read. */
  private groupsRead(m: RegExpExecArray): boolean {
    const { names, table } = this;
    const chain = names.find(table, m[RULE.chain]!);
    if (chain < 0) return false;
    const flags = names.flags[chain]!;
    if ((flags & NO_IN && m[RULE.inIface] !== undefined) || (flags & NO_OUT && m[RULE.outIface] !== undefined))
      return false;
    let kind = 0;
    let to = -1;
    const nat = m[RULE.nat];
    const extension = m[RULE.extension];
    const target = m[RULE.target];
    if (extension !== undefined) {
      const name = extension.startsWith("MARK") ? "MARK" : extension.startsWith("MASQUERADE") ? "MASQUERADE" : "REJECT";
      if (names.find(table, name) >= 0) return false; // a user chain of that name: the general parser's
      kind = name === "MARK" ? MARK : name === "MASQUERADE" ? MASQUERADE : REJECT;
    } else if (nat !== undefined) {
      const isDnat = nat.charCodeAt(0) === 68; /* D */
      // A user chain named like the target (the general parser says which it is).
      if (names.find(table, isDnat ? "DNAT" : "SNAT") >= 0) return false;
      // A port needs a protocol with ports, not inverted (`libxt_DNAT.c`); the patterns' protocols: tcp, udp, sctp.
      const proto = m[RULE.proto];
      if (m[RULE.natPort] !== undefined && (proto === undefined || proto === "icmp")) return false;
      kind = isDnat ? DNAT : SNAT;
    } else if (target !== undefined) {
      const id = names.find(table, target);
      if (id >= 0) {
        if (names.flags[id]! & TARGET_LIKE) return false;
        kind = m[RULE.jump] === "g" ? GOTO : JUMP;
        to = id;
      } else if (m[RULE.jump] === "g")
        return false; // a goto needs a declared chain
      else if (target === "ACCEPT") kind = ACCEPT;
      else if (target === "DROP") kind = DROP;
      else if (target === "RETURN") kind = RETURN;
      else return false; // another target, or a chain not declared: the general parser's
    }
    this.note(chain, kind, to);
    return true;
  }

  /** Notes a rule read here for the whole-table checks at COMMIT. */
  private note(chain: number, kind: number, to: number): void {
    const k = this.ruleCount++;
    if (k === this.ruleChain.length) this.grow();
    this.ruleChain[k] = chain - this.first;
    this.ruleKind[k] = kind;
    this.ruleTo[k] = to < 0 ? -1 : to - this.first;
    this.rules++;
  }

  /** Whole-table checks on the table's facts; a problem is the full parse's to report. */
  private commit(): void {
    const table = this.table;
    const first = this.first;
    const names = this.names;
    const facts = new TableFacts(this.tableName, names.count - first, (name) => {
      const id = names.find(table, name);
      return id < 0 ? undefined : id - first;
    });
    const { ruleChain, ruleKind, ruleTo } = this;
    for (let k = 0; k < this.ruleCount; k++) facts.add(ruleChain[k]!, KINDS[ruleKind[k]!]!, ruleTo[k]!, ALL_HOOKS);
    for (const r of this.odd.rules) facts.add(r.chain - first, r.kind, r.to < 0 ? -1 : r.to - first, r.allowed);
    if (facts.hasProblem()) throw new Unsure();
    this.table = -1;
  }

  private grow(): void {
    const n = this.ruleChain.length * 2;
    const chain = new Int32Array(n);
    chain.set(this.ruleChain);
    this.ruleChain = chain;
    const kind = new Uint8Array(n);
    kind.set(this.ruleKind);
    this.ruleKind = kind;
    const to = new Int32Array(n);
    to.set(this.ruleTo);
    this.ruleTo = to;
  }
}
