import {
  type Cidr,
  type CommentMatch,
  type ConntrackMatch,
  CT_STATES,
  type CtState,
  type MarkMatch,
  type NatTarget,
  type Negatable,
  type StatisticMatch,
  type Target,
  type TcpMatch,
  type UdpMatch,
} from "@nfx/model";
import { parseCidr, scanIpv4 } from "../address";
import { parseCounters } from "../counters";
import { parseNatPorts, parsePortRange, parseValueMask } from "../numbers";
import { protocolName, protocolNumber } from "../protocols";
import type { RulesetBuilder } from "../ruleset-builder";
import { PLAIN_TARGETS } from "../targets/basic";
import { KNOWN_EXTENSION_TARGETS, TARGET_MODULES } from "../targets/registry";
import { Memo } from "./memo";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Thrown by a maker for text the fast path does not take; the line then goes to the general parser. */
class NotCanonical extends Error {}

function ctStates(text: string): CtState[] {
  let bits = 0;
  for (const name of text.split(",")) {
    const index = CT_STATES.indexOf(name.toUpperCase() as CtState);
    if (index < 0) throw new NotCanonical(name);
    bits |= 1 << index;
  }
  return CT_STATES.filter((_, i) => bits & (1 << i));
}

function probability(text: string): StatisticMatch {
  const p = Number(text);
  if (text === "" || !(p >= 0 && p <= 1)) throw new NotCanonical(text);
  return { module: "statistic", mode: "random", invert: false, probability: p };
}

function nat(kind: "DNAT" | "SNAT", text: string): NatTarget {
  const to: Mutable<NatTarget["to"]> = {};
  const colon = text.indexOf(":");
  const addrText = colon < 0 ? text : text.slice(0, colon);
  if (addrText !== "") {
    const dash = addrText.indexOf("-");
    const from = scanIpv4(addrText, 0, dash < 0 ? addrText.length : dash);
    const last = dash < 0 ? from : scanIpv4(addrText, dash + 1, addrText.length);
    if (from < 0 || last < 0) throw new NotCanonical(text);
    to.addrFrom = from;
    to.addrTo = last;
  }
  if (colon >= 0) {
    to.ports = parseNatPorts(text.slice(colon + 1), kind, true, 0);
    // A source NAT's base prints as /0 (targets/nat.ts); any other value is not iptables-save's text.
    if (kind === "SNAT" && (to.ports.base ?? 0) !== 0) throw new NotCanonical(text);
  }
  return { kind, to, random: false, randomFully: false, persistent: false };
}

function negatable<T>(make: (text: string) => T, expected?: number): [Memo<Negatable<T>>, Memo<Negatable<T>>] {
  return [
    new Memo((text) => ({ value: make(text), invert: false }), expected),
    new Memo((text) => ({ value: make(text), invert: true })),
  ];
}

function portTests(module: "tcp" | "udp"): { bare: TcpMatch | UdpMatch; dport: Memo<TcpMatch | UdpMatch> } {
  return {
    bare: { module },
    dport: new Memo((text) => {
      const value = parsePortRange(text, 0);
      // Every port: iptables-save leaves the test out (matches/ports.ts).
      if (value.from === 0 && value.to === 65535) throw new NotCanonical(text);
      return { module, dport: { value, invert: false } };
    }),
  };
}

function iface(text: string): string {
  // `-i +` is no test at all (parse-rule.ts); iptables-save never writes it.
  if (text.length > 15 || text === "+") throw new NotCanonical(text);
  return text;
}

/** What the fast path makes of `-j NAME`: a shared target, a NAT target to read, a jump, or none (refused). */
interface TargetName {
  readonly plain?: Target;
  readonly nat?: "DNAT" | "SNAT";
  /** The jump to chain NAME, if the name is not a target the general parser must read. */
  readonly jump?: Target;
}

function targetName(name: string, b: RulesetBuilder): TargetName {
  const plain = PLAIN_TARGETS.get(name);
  if (plain) return { plain };
  if (name === "DNAT" || name === "SNAT") return { nat: name };
  if (TARGET_MODULES.has(name) || KNOWN_EXTENSION_TARGETS.has(name)) return {};
  return { jump: { kind: "jump", chain: b.intern(name) } };
}

/**
 * The values of one parse that many rules share, each made once from its text, exactly as the general parser
 * would make it. Index 0 of a pair is the plain test, index 1 the negated (`!`) one.
 */
export class SharedValues {
  readonly cidr: [Memo<Negatable<Cidr>>, Memo<Negatable<Cidr>>];
  readonly iface = negatable<string>(iface);
  readonly protocol = new Memo<number>((text) => {
    const proto = protocolNumber(text);
    if (proto < 0) throw new NotCanonical(text);
    return proto;
  });
  private readonly protoTests: Negatable<string>[] = [];
  readonly comment: Memo<CommentMatch>;
  readonly ctstate = [false, true].map(
    (invert) => new Memo<ConntrackMatch>((text) => ({ module: "conntrack", state: { value: ctStates(text), invert } })),
  );
  readonly mark = [false, true].map(
    (invert) =>
      new Memo<MarkMatch>((text) => ({ module: "mark", mark: { value: parseValueMask(text, "mark", 0), invert } })),
  );
  readonly probability = new Memo<StatisticMatch>(probability);
  readonly dnat: Memo<NatTarget>;
  readonly snat = new Memo<NatTarget>((text) => nat("SNAT", text));
  /** `-m tcp` / `-m udp` alone, and with only `--dport N`. */
  readonly ports = { tcp: portTests("tcp"), udp: portTests("udp") };
  /** What a `-j NAME` is, by name; see {@link TargetName}. */
  readonly targetName: Memo<TargetName>;
  readonly goto: Memo<Target>;
  readonly counters = new Memo((text) => parseCounters(text));

  /** `expected`: about how many distinct values the big tables will hold (from the text's size). */
  constructor(b: RulesetBuilder, expected: number) {
    this.cidr = negatable<Cidr>((text) => parseCidr(text, 0), expected);
    this.comment = new Memo((comment) => {
      if (comment.length > 255) throw new NotCanonical(comment);
      return { module: "comment", comment };
    }, expected);
    this.dnat = new Memo((text) => nat("DNAT", text), expected);
    this.targetName = new Memo((name) => targetName(name, b), expected);
    this.goto = new Memo((name) => ({ kind: "goto", chain: b.intern(name) }));
  }

  /** `-p NAME` as the rule holds it: the protocol's canonical name. */
  protoTest(proto: number, invert: boolean): Negatable<string> {
    const index = proto * 2 + (invert ? 1 : 0);
    let test = this.protoTests[index];
    if (test === undefined) {
      test = { value: protocolName(proto), invert };
      this.protoTests[index] = test;
    }
    return test;
  }
}
