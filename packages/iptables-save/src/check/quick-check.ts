import { isTableName, type TableName, type TargetKind } from "@nfx/model";
import { isTargetName } from "../fast/canonical-lines";
import {
  DASH,
  LETTER_D,
  LETTER_G,
  LETTER_I,
  LETTER_J,
  LETTER_M,
  LETTER_O,
  LETTER_P,
  LETTER_S,
  QUOTE,
  SPACE,
} from "../fast/char-codes";
import { ALL_HOOKS } from "../target-placement";
import { cidrOk, countersOk, ctStatesOk, markOk, natToOk, portOk, probabilityOk } from "./byte-values";
import { ChainNames } from "./chain-names";
import type { CheckResult } from "./check-result";
import { OddLines } from "./odd-lines";
import { TableFacts } from "./table-facts";

/** What a chain's name forbids or means, noted once when it is declared (ChainNames.flags). */
const NO_IN = 1; // OUTPUT, POSTROUTING: `-i` is refused there
const NO_OUT = 2; // INPUT, PREROUTING: `-o` is refused there
const TARGET_LIKE = 4; // named like a target: a `-j` to it is the general parser's to read

/** The target kinds of the lines read here, by code (0: no target). */
const KINDS: readonly (TargetKind | null)[] = [null, "jump", "goto", "ACCEPT", "DROP", "RETURN", "DNAT", "SNAT"];
const JUMP = 1;
const GOTO = 2;
const ACCEPT = 3;
const DROP = 4;
const RETURN = 5;
const DNAT = 6;
const SNAT = 7;

/** The standard encoder of browsers, workers and Node (the core's types name no platform). */
declare const TextEncoder: new () => { encodeInto(text: string, into: Uint8Array): { written: number } };

function bytes(word: string): Uint8Array {
  return Uint8Array.from(word, (c) => c.charCodeAt(0));
}

/** The words a rule line is compared with, as bytes. */
const W = {
  A: bytes("-A"),
  OptToDestination: bytes("--to-destination"),
  OptToSource: bytes("--to-source"),
  NOT: bytes("!"),
  PLUS: bytes("+"),
  OptComment: bytes("--comment"),
  OptCtstate: bytes("--ctstate"),
  OptDport: bytes("--dport"),
  OptMark: bytes("--mark"),
  OptMode: bytes("--mode"),
  OptProbability: bytes("--probability"),
  OptSport: bytes("--sport"),
  Accept: bytes("ACCEPT"),
  Dnat: bytes("DNAT"),
  Drop: bytes("DROP"),
  Return: bytes("RETURN"),
  Snat: bytes("SNAT"),
  Comment: bytes("comment"),
  Conntrack: bytes("conntrack"),
  Icmp: bytes("icmp"),
  Mark: bytes("mark"),
  Random: bytes("random"),
  Sctp: bytes("sctp"),
  Statistic: bytes("statistic"),
  Tcp: bytes("tcp"),
  Udp: bytes("udp"),
};

/** Protocols whose NAT targets may name ports (`libxt_DNAT.c`), as canonical-lines.ts has them. */
function portProtocol(proto: number): boolean {
  return proto === 6 || proto === 17 || proto === 33 || proto === 132 || proto === 136;
}

/** No target's name is longer: longer chain names (kube-proxy's are 26) need no string to be told from one. */
export const TARGET_NAME_LIMIT = 24;

/** Thrown, and caught by {@link quickCheck}, when only the full check can say what the text is. */
class Unsure extends Error {}

/**
 * checkRuleset's verdict on a plain iptables-save file, found in one pass over the text with nothing made per
 * line: no token, no rule, no chain object. It reads the lines iptables-save writes for real rulesets (the
 * shapes of fast/canonical-lines.ts, but only the commonest of their values, checked where they are written) and
 * hands any other rule line to the general parser, one at a time (odd-lines.ts). Null whenever the answer could
 * differ from the full parse's in the least: any error or warning, a tab, carriage return or backslash anywhere,
 * a table restored twice, a chain declared twice, a command other than an append, a whole-table problem. The
 * caller then runs the full check, which owns every diagnostic. Its only answer is "valid, with these counts".
 * `ascii`, when given, must be the text's own bytes, the text being all ASCII (one byte per character).
 */
export function quickCheck(text: string, ascii?: Uint8Array): CheckResult | null {
  // Each is one native search; without them, a token is a run of characters other than space and quote.
  if (text.indexOf("\t") >= 0 || text.indexOf("\r") >= 0 || text.indexOf("\\") >= 0) return null;
  // The characters as bytes, read in a few instructions each; only an ASCII text has one byte per character.
  // A reader that has them already (the CLI reads a file's bytes) spares the encoding of a large text.
  let bytes: Uint8Array;
  if (ascii) {
    if (ascii.length !== text.length) return null;
    bytes = ascii;
  } else {
    bytes = new Uint8Array(text.length);
    if (new TextEncoder().encodeInto(text, bytes).written !== text.length) return null;
  }
  try {
    return new QuickCheck(text, bytes).run();
  } catch (e) {
    if (e instanceof Unsure) return null;
    throw e;
  }
}

class QuickCheck {
  private readonly names: ChainNames;
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
  /**
   * The chain of the previous rule line (iptables-save writes a chain's rules together), and where the `-A NAME `
   * that named it was written (looked up then, and on the same line as `-A` with one space: see rule()).
   */
  private lastChain = -1;
  private prefixStart = 0;
  private prefixLength = 0;

  // The line being read and its current token, text[start, stop).
  private pos = 0;
  private end = 0;
  private start = 0;
  private stop = 0;
  /** Whether there is a current token. */
  private more = false;
  /** What the last rule line accepted: its target's kind and, for a jump or goto, its destination's id. */
  private kind = 0;
  private to = -1;

  /** `bytes`: the text's characters, all ASCII (searches for one character are the string's own, native). */
  constructor(
    private readonly text: string,
    private readonly b: Uint8Array,
  ) {
    // kube-proxy's rulesets declare a chain every 400-420 bytes.
    this.names = new ChainNames(text, b, text.length >> 9);
    this.odd = new OddLines(text, this.names);
  }

  run(): CheckResult {
    const text = this.text;
    const length = text.length;
    let line = 0;
    let start = 0;
    while (start < length) {
      line++;
      let end = text.indexOf("\n", start);
      const hasNewline = end >= 0;
      if (!hasNewline) end = length;
      if (end > start) {
        const c = this.b[start]!;
        if (c === DASH || c === 91 /* [ */) {
          if (this.table < 0) throw new Unsure();
          this.ruleLine(start, end, hasNewline, line);
        } else if (c === 58 /* : */) {
          if (this.table < 0) throw new Unsure();
          this.chainLine(start, end);
        } else if (c === 42 /* * */) {
          this.tableLine(start, end);
        } else if (c === 67 /* C */) {
          if (this.table < 0 || end - start !== 6 || !text.startsWith("COMMIT", start)) throw new Unsure();
          this.commit();
        } else if (c !== 35 /* # */) {
          throw new Unsure();
        }
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

  /** `:NAME POLICY [p:b]`, as iptables-save writes it. */
  private chainLine(start: number, end: number): void {
    const { text, b } = this;
    let i = start + 1;
    while (i < end && b[i] !== SPACE && b[i] !== QUOTE) i++;
    const stop = i;
    if (stop === start + 1 || i === end || b[i] !== SPACE) throw new Unsure();
    i++;
    const policy = i;
    while (i < end && b[i] !== SPACE) i++;
    const p = i - policy;
    const valid =
      (p === 1 && b[policy] === DASH) ||
      (p === 6 && text.startsWith("ACCEPT", policy)) ||
      (p === 4 && text.startsWith("DROP", policy));
    if (!valid || i === end || !countersOk(b, i + 1, end)) throw new Unsure();
    const id = this.names.add(this.table, start + 1, stop);
    if (id < 0) throw new Unsure(); // declared again: the full parse says what is dropped
    const n = stop - start - 1;
    if (n <= 11) {
      const name = text.slice(start + 1, stop);
      let flags = 0;
      if (name === "OUTPUT" || name === "POSTROUTING") flags |= NO_IN;
      if (name === "INPUT" || name === "PREROUTING") flags |= NO_OUT;
      this.names.flags[id] = flags;
    }
    if (n <= TARGET_NAME_LIMIT && isTargetName(text.slice(start + 1, stop))) this.names.flags[id]! |= TARGET_LIKE;
  }

  private ruleLine(start: number, end: number, hasNewline: boolean, line: number): void {
    const chain = this.rule(start, end);
    if (chain < 0) {
      // Not a line read here: the general parser reads it, alone; any doubt and the whole text is checked.
      if (!this.odd.read(start, end, hasNewline, line)) throw new Unsure();
      this.rules++;
      this.lastChain = -1;
      return;
    }
    const k = this.ruleCount++;
    if (k === this.ruleChain.length) this.grow();
    this.ruleChain[k] = chain - this.first;
    this.ruleKind[k] = this.kind;
    this.ruleTo[k] = this.to < 0 ? -1 : this.to - this.first;
    this.rules++;
  }

  /** Whole-table checks on the table's facts; a problem is the full parse's to report. */
  private commit(): void {
    const table = this.table;
    const first = this.first;
    const names = this.names;
    const facts = new TableFacts(this.tableName, names.count - first, (name) => {
      const id = names.findName(table, name);
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

  // ---- tokens ----

  /**
   * Moves to the next token: a run of characters other than space and quote, or a whole quoted run (whose
   * closing quote ends the token). Anything else is a line for the general parser (thrown as a refusal by the
   * caller: `more` false and `start` = -1).
   */
  private next(): boolean {
    const b = this.b;
    const end = this.end;
    let i = this.pos;
    while (i < end && b[i] === SPACE) i++;
    if (i >= end) {
      this.pos = i;
      this.more = false;
      return false;
    }
    if (b[i] === QUOTE) {
      // Comments, long ones: the closing quote is found by the string's native search.
      const j = this.text.indexOf('"', i + 1);
      if (j < 0 || j >= end || (j + 1 < end && b[j + 1] !== SPACE)) return this.refuse();
      this.start = i + 1;
      this.stop = j;
      this.pos = j + 1;
      this.more = true;
      return true;
    }
    let j = i;
    for (; j < end; j++) {
      const c = b[j];
      if (c === SPACE) break;
      if (c === QUOTE) return this.refuse();
    }
    this.start = i;
    this.stop = j;
    this.pos = j;
    this.more = true;
    return true;
  }

  private refuse(): false {
    this.start = -1;
    this.more = false;
    return false;
  }

  private is(word: Uint8Array): boolean {
    const n = word.length;
    const start = this.start;
    if (this.stop - start !== n) return false;
    const b = this.b;
    for (let k = 0; k < n; k++) if (b[start + k] !== word[k]) return false;
    return true;
  }

  /** For a two-character option `-x`, the code of `x`; 0 for anything else. */
  private shortOption(): number {
    return this.stop - this.start === 2 && this.b[this.start] === DASH ? this.b[this.start + 1]! : 0;
  }

  // ---- rules ----

  /**
   * Reads a rule line as CanonicalLines.checkLine does, for a subset of what it accepts: the id of its chain, with
   * `kind` and `to` set, or -1 for a line the general parser must read.
   */
  private rule(start: number, end: number): number {
    this.pos = start;
    this.end = end;
    const b = this.b;
    if (!this.next()) return -1;
    const first = this.start;
    if (b[first] === 91 /* [ */) {
      if (!countersOk(b, first, this.stop) || !this.next()) return -1;
    }
    const names = this.names;
    let chain = this.lastChain;
    if (chain >= 0 && this.samePrefix(this.start)) {
      // The previous line's chain: its `-A NAME ` is compared with that line's, close by in memory.
      this.pos = this.start + this.prefixLength;
    } else {
      const command = this.start;
      if (!this.is(W.A) || !this.next()) return -1;
      chain = names.find(this.table, this.start, this.stop);
      if (chain < 0) return -1;
      // Remembered only when a space follows the name, so that a line with the same bytes has the same tokens.
      this.lastChain = b[this.stop] === SPACE && this.stop < this.end ? chain : -1;
      this.prefixStart = command;
      this.prefixLength = this.stop + 1 - command;
    }
    const flags = names.flags[chain]!;
    let src = false;
    let dst = false;
    let inIface = false;
    let outIface = false;
    let protoSeen = false;
    let proto = 0;
    let protoInvert = false;
    let matches = 0;
    let invert = false;
    this.kind = 0;
    this.to = -1;
    this.next();
    while (this.more) {
      const option = this.shortOption();
      if (option === 0) {
        if (invert || !this.is(W.NOT)) return -1;
        invert = true;
        this.next();
        continue;
      }
      // Generic tests come before the first match, as iptables-save writes them; then modules, then the target.
      if (option !== LETTER_M && option !== LETTER_J && option !== LETTER_G && matches > 0) return -1;
      if (!this.next()) return -1;
      switch (option) {
        case LETTER_S:
          if (src || !cidrOk(b, this.start, this.stop)) return -1;
          src = true;
          break;
        case LETTER_D:
          if (dst || !cidrOk(b, this.start, this.stop)) return -1;
          dst = true;
          break;
        case LETTER_I:
          if (inIface || flags & NO_IN || !this.plainIface()) return -1;
          inIface = true;
          break;
        case LETTER_O:
          if (outIface || flags & NO_OUT || !this.plainIface()) return -1;
          outIface = true;
          break;
        case LETTER_P:
          if (protoSeen) return -1;
          protoSeen = true;
          proto = this.protocol();
          if (proto < 0) return -1;
          protoInvert = invert;
          break;
        case LETTER_M:
          if (invert || !this.match(proto, protoInvert)) return -1;
          matches++;
          continue; // `match` has moved to the token after the module's options.
        case LETTER_J:
        case LETTER_G:
          if (invert) return -1;
          if (!(option === LETTER_G ? this.gotoTarget() : this.target(proto, protoInvert))) return -1;
          // The target is the last thing on a canonical line.
          if (this.next() || this.start < 0) return -1;
          continue;
        default:
          return -1;
      }
      invert = false;
      this.next();
    }
    if (invert || this.start < 0) return -1;
    return chain;
  }

  /** Whether `-A NAME ` as on the last line whose chain was looked up is at `at` too. */
  private samePrefix(at: number): boolean {
    const { b, prefixStart, prefixLength } = this;
    if (at + prefixLength > this.end) return false;
    for (let k = 0; k < prefixLength; k++) if (b[at + k] !== b[prefixStart + k]) return false;
    return true;
  }

  /** An interface name as the fast path takes it: 1 to 15 characters, not `+` (no test at all). */
  private plainIface(): boolean {
    const n = this.stop - this.start;
    return n > 0 && n <= 15 && !this.is(W.PLUS);
  }

  /** `-p NAME` for the protocols of real rulesets; -1 for any other (the general parser reads it). */
  private protocol(): number {
    if (this.is(W.Tcp)) return 6;
    if (this.is(W.Udp)) return 17;
    if (this.is(W.Sctp)) return 132;
    if (this.is(W.Icmp)) return 1;
    return -1;
  }

  /** After `-m`, on the module name: moves past its options, onto the next token; false to refuse the line. */
  private match(proto: number, protoInvert: boolean): boolean {
    const b = this.b;
    if (this.is(W.Comment)) {
      if (!this.next() || !this.is(W.OptComment) || !this.next()) return false;
      // The comment's maker refuses only what is too long.
      if (this.stop - this.start > 255) return false;
    } else if (this.is(W.Tcp) || this.is(W.Udp)) {
      if (proto !== (this.is(W.Tcp) ? 6 : 17) || protoInvert) return false;
      return this.ports();
    } else if (this.is(W.Statistic)) {
      if (!this.next() || !this.is(W.OptMode) || !this.next() || !this.is(W.Random)) return false;
      if (!this.next() || !this.is(W.OptProbability) || !this.next()) return false;
      if (!probabilityOk(b, this.start, this.stop)) return false;
    } else if (this.is(W.Conntrack)) {
      if (!this.next()) return false;
      if (this.is(W.NOT) && !this.next()) return false;
      if (!this.is(W.OptCtstate) || !this.next() || !ctStatesOk(b, this.start, this.stop)) return false;
    } else if (this.is(W.Mark)) {
      if (!this.next()) return false;
      if (this.is(W.NOT) && !this.next()) return false;
      if (!this.is(W.OptMark) || !this.next() || !markOk(b, this.start, this.stop)) return false;
    } else {
      return false;
    }
    this.next();
    return this.start >= 0;
  }

  /** `-m tcp|udp [[!] --sport P] [[!] --dport P]`, in either order, each at most once, with plain ports. */
  private ports(): boolean {
    let sport = false;
    let dport = false;
    for (;;) {
      if (!this.next()) return this.start >= 0;
      const invert = this.is(W.NOT);
      if (invert && !this.next()) return false;
      const isSport = this.is(W.OptSport);
      if (!isSport && !this.is(W.OptDport)) return !invert;
      if ((isSport ? sport : dport) || !this.next()) return false;
      if (!portOk(this.b, this.start, this.stop)) return false;
      if (isSport) sport = true;
      else dport = true;
    }
  }

  /** After `-j`, on the target's name: sets `kind` and `to`; false to refuse the line. */
  private target(proto: number, protoInvert: boolean): boolean {
    const id = this.names.find(this.table, this.start, this.stop);
    if (id >= 0) {
      // A user chain named like a target (the general parser says which it is).
      if (this.names.flags[id]! & TARGET_LIKE) return false;
      this.kind = JUMP;
      this.to = id;
      return true;
    }
    if (this.is(W.Accept)) this.kind = ACCEPT;
    else if (this.is(W.Drop)) this.kind = DROP;
    else if (this.is(W.Return)) this.kind = RETURN;
    else if (this.is(W.Dnat) || this.is(W.Snat)) {
      const isDnat = this.is(W.Dnat);
      if (!this.next() || !this.is(isDnat ? W.OptToDestination : W.OptToSource) || !this.next()) return false;
      const plain = natToOk(this.b, this.start, this.stop);
      if (plain === 0 || (plain === 2 && (!portProtocol(proto) || protoInvert))) return false;
      this.kind = isDnat ? DNAT : SNAT;
    } else {
      return false; // another target, or a chain not declared: the general parser's
    }
    return true;
  }

  /** After `-g`, on the chain's name: a declared chain (a built-in one is refused by the whole-table check). */
  private gotoTarget(): boolean {
    const id = this.names.find(this.table, this.start, this.stop);
    if (id < 0 || this.names.flags[id]! & TARGET_LIKE) return false;
    this.kind = GOTO;
    this.to = id;
    return true;
  }
}
