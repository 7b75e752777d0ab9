import type {
  Cidr,
  Counters,
  Match,
  Negatable,
  Policy,
  PortRange,
  SourcePos,
  Target,
  TargetKind,
  TcpMatch,
  UdpMatch,
} from "@nfx/model";
import { parsePortRange } from "../numbers";
import type { ChainState, RulesetBuilder, TableState } from "../ruleset-builder";
import { PLAIN_TARGETS } from "../targets/basic";
import { KNOWN_EXTENSION_TARGETS, TARGET_MODULES } from "../targets/registry";
import { LETTER_D, LETTER_G, LETTER_I, LETTER_J, LETTER_M, LETTER_O, LETTER_P, LETTER_S } from "./char-codes";
import { LineScanner } from "./line-scanner";
import { plainCidr, plainCounters, plainNatTo, plainPort } from "./range-checks";
import { makeRule } from "./rule-shape";
import { SharedValues } from "./shared-values";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Protocols whose NAT targets may name ports (`libxt_DNAT.c`). */
const PORT_PROTOCOLS = new Set([6, 17, 33, 132, 136]);

const NO_MATCHES: readonly Match[] = [];

/** What `check` holds for a test it has checked but not made: only that the rule has one. */
const CHECKED: Negatable<never> = { value: undefined as never, invert: false };
const CHECKED_COUNTERS: Counters = { packets: 0n, bytes: 0n };
const CHECKED_JUMP: Target = { kind: "jump", chain: "" };
const CHECKED_COMMENT: Match = { module: "comment", comment: "" };
/** A checked NAT target's kind, the only part of it the whole-table checks look at. */
const CHECKED_NAT = { DNAT: { kind: "DNAT" }, SNAT: { kind: "SNAT" } } as unknown as Record<"DNAT" | "SNAT", Target>;

/** Names a `-j` cannot jump to a user chain with: the fast path reads them as targets, or refuses them. */
let targetNames: ReadonlySet<string> | null = null;

export function isTargetName(name: string): boolean {
  // One set, made on first use (the registries are complete once their modules have loaded): one lookup a jump.
  targetNames ??= new Set([
    ...PLAIN_TARGETS.keys(),
    "DNAT",
    "SNAT",
    ...TARGET_MODULES.keys(),
    ...KNOWN_EXTENSION_TARGETS,
  ]);
  return targetNames.has(name);
}

/**
 * The fast path for the lines iptables-save itself writes: `:CHAIN POLICY [p:b]` and
 * `[[p:b]] -A CHAIN [generic tests] [-m MODULE canonical options]... -j|-g TARGET`, for the modules and targets
 * that fill real rulesets (comment, tcp, udp, statistic random, conntrack --ctstate, mark; jumps, ACCEPT, DROP,
 * RETURN, DNAT, SNAT). It builds exactly what the general parser would, straight from the text, sharing identical
 * values between rules. Any line it does not fully recognise, including every line with an error, is refused
 * (false) before anything is changed, and the caller runs the general parser, which owns every diagnostic.
 */
export class CanonicalLines {
  private readonly s = new LineScanner();
  private readonly values: SharedValues;
  /** Matches of the rule being read; copied into an array of the exact size at the end. */
  private readonly scratch: Match[] = [];
  /** The previous rule's chain: iptables-save writes a chain's rules together, so this saves most lookups. */
  private lastChain: ChainState | null = null;
  private lastTable: TableState | null = null;
  /** Whether the scanner has a current token. */
  private more = false;
  /**
   * What the last {@link checkLine} accepted: the rule's chain, its target's kind (null: none) and, for a jump or
   * goto, the serial of the chain it names (-1 when the table has no such chain).
   */
  checkedChain: ChainState | null = null;
  checkedKind: TargetKind | null = null;
  checkedTo = -1;

  /** `expected`: how many distinct values to make room for; by default, for building every rule of the text. */
  constructor(
    private readonly b: RulesetBuilder,
    private readonly text: string,
    expected?: number,
  ) {
    // Real rulesets have a distinct comment, address or chain every few hundred bytes.
    this.values = new SharedValues(b, expected ?? text.length >> 9);
  }

  /** Forgets the chain of the previous rule; called for every line this class did not apply itself. */
  forget(): void {
    this.lastChain = null;
  }

  chainLine(table: TableState, start: number, end: number, line: number): boolean {
    this.forget();
    const s = this.s;
    s.reset(this.text, start, end);
    if (!s.next() || s.length < 2) return false;
    // Interned straight from the text: no slice of it to hash again.
    const name = this.b.names.get(this.text, s.start + 1, s.stop);
    if (!s.next()) return false;
    const policy = s.is("-") ? null : s.is("ACCEPT") ? "ACCEPT" : s.is("DROP") ? "DROP" : undefined;
    if (policy === undefined) return false;
    // Malformed chain counters are accepted silently, as by iptables-restore; extra tokens are ignored too.
    const counters: Counters | null = s.next() ? this.values.counters.at(s) : null;
    if (s.unsupported) return false;
    this.b.declare(table, name, policy as Policy | null, { line, column: 1 }, counters ?? undefined, true);
    return true;
  }

  /** Reads and applies a rule line; false (and nothing changed) when the general parser must do it. */
  ruleLine(table: TableState, start: number, end: number, line: number): boolean {
    this.s.reset(this.text, start, end);
    try {
      return this.rule(table, line, true);
    } catch {
      // A maker refused a value (NotCanonical) or found an error (LineError): the general parser reports it.
      return false;
    }
  }

  /**
   * Checks a rule line exactly as {@link ruleLine} reads it, but makes no rule and changes nothing: true when the
   * line is canonical and valid, with its chain and target in `checked*` (what the whole-table checks need).
   * False when the general parser must read the line (which then reports any error).
   */
  checkLine(table: TableState, start: number, end: number): boolean {
    this.s.reset(this.text, start, end);
    try {
      return this.rule(table, 0, false);
    } catch {
      return false;
    }
  }

  private advance(): boolean {
    this.more = this.s.next();
    return this.more;
  }

  /** Reads the rule on the scanner's line; `build`: make the rule and add it, else only record `checked*`. */
  private rule(table: TableState, line: number, build: boolean): boolean {
    const s = this.s;
    const v = this.values;
    if (!this.advance()) return false;
    const column = s.column;
    let counters: Counters | null = null;
    if (this.text.charCodeAt(s.start) === 91 /* [ */ && s.written === s.start) {
      // `iptables-save -c` writes different counters on every rule: checked on the text, not made.
      counters = !build && plainCounters(this.text, s.start, s.stop) ? CHECKED_COUNTERS : v.counters.at(s);
      if (counters === null || !this.advance()) return false;
    }
    if (!s.is("-A") || !this.advance()) return false;
    const chain = this.chain(table);
    if (!chain) return false;

    let src: Negatable<Cidr> | undefined;
    let dst: Negatable<Cidr> | undefined;
    let inIface: Negatable<string> | undefined;
    let outIface: Negatable<string> | undefined;
    let proto = 0;
    let protoInvert = false;
    let protoSeen = false;
    let matchCount = 0;
    let target: Target | null = null;
    let targetColumn = 0;
    let targetEnd = 0;
    let invert = false;
    this.advance();
    while (this.more) {
      if (s.shortOption() === 0) {
        if (!s.is("!") || invert) return false;
        invert = true;
        this.advance();
        continue;
      }
      const option = s.shortOption();
      // Generic tests come before the first match, as iptables-save writes them; then modules, then the target.
      if (option !== LETTER_M && option !== LETTER_J && option !== LETTER_G && matchCount > 0) return false;
      if (!this.advance()) return false;
      switch (option) {
        case LETTER_S:
          if (src) return false;
          src = build || !plainCidr(this.text, s.start, s.stop) ? v.cidr[invert ? 1 : 0].at(s) : CHECKED;
          break;
        case LETTER_D:
          if (dst) return false;
          dst = build || !plainCidr(this.text, s.start, s.stop) ? v.cidr[invert ? 1 : 0].at(s) : CHECKED;
          break;
        case LETTER_I:
          if (inIface || chain.name === "OUTPUT" || chain.name === "POSTROUTING") return false;
          inIface = v.iface[invert ? 1 : 0].at(s);
          break;
        case LETTER_O:
          if (outIface || chain.name === "INPUT" || chain.name === "PREROUTING") return false;
          outIface = v.iface[invert ? 1 : 0].at(s);
          break;
        case LETTER_P:
          if (protoSeen) return false;
          protoSeen = true;
          proto = v.protocol.at(s);
          protoInvert = invert;
          if (proto === 0 && invert) return false; // refused: the general parser says why
          break;
        case LETTER_M: {
          if (invert) return false;
          const match = this.match(proto, protoInvert, build);
          if (!match) return false;
          if (build) this.scratch[matchCount] = match;
          matchCount++;
          invert = false;
          continue; // `match` has moved to the token after the module's options.
        }
        case LETTER_J:
        case LETTER_G:
          if (invert) return false;
          targetColumn = s.column;
          targetEnd = targetColumn + s.length;
          target = option === LETTER_G ? v.goto.at(s) : this.target(table, proto, protoInvert, build);
          if (!target) return false;
          if (option === LETTER_G) this.advance();
          // The target is the last thing on a canonical line.
          if (this.more || s.unsupported) return false;
          continue;
        default:
          return false;
      }
      invert = false;
      this.advance();
    }
    if (invert || s.unsupported) return false;
    this.lastChain = chain;
    this.lastTable = table;
    if (!build) {
      this.checkedChain = chain;
      this.checkedKind = target === null ? null : target.kind;
      if (target !== CHECKED_JUMP && target !== null && (target.kind === "jump" || target.kind === "goto"))
        this.checkedTo = table.chains.get(target.chain)?.serial ?? -1;
      return true;
    }

    const pos: SourcePos = { line, column };
    const matches = matchCount === 0 ? NO_MATCHES : this.scratch.slice(0, matchCount);
    const protoTest = proto !== 0 ? v.protoTest(proto, protoInvert) : undefined;
    const rule = makeRule(matches, target, src, dst, inIface, outIface, protoTest, counters, pos);
    chain.rules.push({ rule, line, targetColumn, targetEnd });
    return true;
  }

  /** The chain named by the current token, if it is declared; undeclared ones are left to the general parser. */
  private chain(table: TableState): ChainState | undefined {
    const last = this.lastChain;
    if (last !== null && this.lastTable === table && this.s.is(last.name)) return last;
    return table.chains.get(this.b.names.at(this.s));
  }

  /** After `-m`, on the module name: the match, with the scanner moved past its options; null to refuse. */
  private match(proto: number, protoInvert: boolean, build: boolean): Match | null {
    const s = this.s;
    const v = this.values;
    if (s.is("comment")) {
      if (!this.advance() || !s.is("--comment") || !this.advance()) return null;
      if (!build) {
        // The comment's maker refuses only what is too long.
        if (s.length > 255) return null;
        this.advance();
        return CHECKED_COMMENT;
      }
      const match = v.comment.at(s);
      this.advance();
      return match;
    }
    if (s.is("tcp") || s.is("udp")) {
      const module = s.is("tcp") ? "tcp" : "udp";
      if (proto !== (module === "tcp" ? 6 : 17) || protoInvert) return null;
      return this.ports(module, build);
    }
    if (s.is("statistic")) {
      if (!this.advance() || !s.is("--mode") || !this.advance() || !s.is("random")) return null;
      if (!this.advance() || !s.is("--probability") || !this.advance()) return null;
      const match = v.probability.at(s);
      this.advance();
      return match;
    }
    if (s.is("conntrack") || s.is("mark")) {
      const memo = s.is("mark") ? v.mark : v.ctstate;
      const option = s.is("mark") ? "--mark" : "--ctstate";
      if (!this.advance()) return null;
      const invert = s.is("!");
      if (invert && !this.advance()) return null;
      if (!s.is(option) || !this.advance()) return null;
      const match = memo[invert ? 1 : 0]!.at(s);
      this.advance();
      return match;
    }
    return null;
  }

  /** `-m tcp|udp [[!] --sport P] [[!] --dport P]`, in either order, each at most once. */
  private ports(module: "tcp" | "udp", build: boolean): TcpMatch | UdpMatch | null {
    const s = this.s;
    // Checking only: whether every port is a plain one, which needs no value made.
    let plain = !build;
    let sport: Negatable<PortRange> | undefined;
    let dport: Negatable<PortRange> | undefined;
    // The usual shapes, a bare `-m tcp` and a lone `--dport N`, are shared; others are made per rule.
    let dportStart = -1;
    let dportStop = -1;
    while (this.advance()) {
      const invert = s.is("!");
      if (invert && !this.advance()) return null;
      const isSport = s.is("--sport");
      if (!isSport && !s.is("--dport")) {
        if (invert) return null;
        break;
      }
      if ((isSport ? sport : dport) !== undefined || !this.advance()) return null;
      const isPlain = plain && plainPort(this.text, s.start, s.stop);
      if (!isPlain) plain = false;
      const test = isPlain ? CHECKED : { value: parsePortRange(s.value(), s.column), invert };
      if (isSport) sport = test;
      else dport = test;
      if (!isSport && !invert) {
        dportStart = s.start;
        dportStop = s.stop;
      }
    }
    const shared = this.values.ports[module];
    if (!sport && !dport) return shared.bare;
    if (plain) return shared.bare;
    if (!sport && dportStart >= 0) return shared.dport.get(s.text, dportStart, dportStop);
    const m: Mutable<TcpMatch> = { module: "tcp" };
    if (module === "udp") (m as { module: string }).module = "udp";
    if (sport) m.sport = sport;
    if (dport) m.dport = dport;
    return m as TcpMatch | UdpMatch;
  }

  /** After `-j`, on the target name: the target, with the scanner moved past it; null to refuse. */
  private target(table: TableState, proto: number, protoInvert: boolean, build: boolean): Target | null {
    const s = this.s;
    if (!build) {
      // A declared chain's name is known already: a jump to it, unless it is also a target's name.
      const name = this.b.names.peek(s);
      if (name !== undefined && !isTargetName(name)) {
        if (this.advance() || s.unsupported) return null;
        this.checkedTo = table.chains.get(name)?.serial ?? -1;
        return CHECKED_JUMP;
      }
    }
    const kind = this.values.targetName.at(s);
    if (kind.plain) {
      // A user chain named like the target is the jump's destination (the general parser says so).
      if (table.chains.has(kind.plain.kind)) return null;
      this.advance();
      return kind.plain;
    }
    if (kind.nat) {
      const isDnat = kind.nat === "DNAT";
      if (!this.advance() || !s.is(isDnat ? "--to-destination" : "--to-source") || !this.advance()) return null;
      const plain = build ? 0 : plainNatTo(this.text, s.start, s.stop);
      if (plain !== 0) {
        if (plain === 2 && (!PORT_PROTOCOLS.has(proto) || protoInvert)) return null;
        this.advance();
        return CHECKED_NAT[kind.nat];
      }
      const target = (isDnat ? this.values.dnat : this.values.snat).at(s);
      if (target.to.ports && (!PORT_PROTOCOLS.has(proto) || protoInvert)) return null;
      this.advance();
      return target;
    }
    // All-caps names followed by options are unsupported targets, and errors are the general parser's.
    if (!kind.jump || this.advance() || s.unsupported) return null;
    return kind.jump;
  }
}
