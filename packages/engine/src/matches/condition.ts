import type { AddressType, Match, MatchModuleName } from "@nfx/model";
import type { Skb } from "../skb";

/** What a condition may read besides the packet: the address types of the host's routing. */
export interface MatchEnv {
  readonly routing: { addressType(addr: number, iface?: string | null): AddressType };
  warn(message: string): void;
  /** Simulated time in ms, for `-m limit`. */
  readonly now: number;
  readonly random: () => number;
}

/** A compiled test: true when the packet passes it, `!` applied. Built once per rule, called on the hot path. */
export type Test = (skb: Skb, env: MatchEnv) => boolean;

/**
 * Every condition a rule can state, one stable code each: the app turns a code and its operands into words
 * (`app/src/explain`), so a code, once shipped, keeps its meaning.
 */
export const CONDITION_CODES = [
  "src",
  "dst",
  "in",
  "out",
  "proto",
  "fragment",
  "ports.proto",
  "ports.sport",
  "ports.dport",
  "tcp.flags",
  "tcp.option",
  "icmp.proto",
  "icmp.type",
  "multiport.proto",
  "multiport.ports",
  "iprange.src",
  "iprange.dst",
  "ct.state",
  "ct.status",
  "ct.dir",
  "ct.proto",
  "ct.origsrc",
  "ct.origdst",
  "ct.replsrc",
  "ct.repldst",
  "ct.origsrcport",
  "ct.origdstport",
  "ct.replsrcport",
  "ct.repldstport",
  "ct.expire",
  "mark",
  "connmark",
  "addrtype.src",
  "addrtype.dst",
  "statistic",
  "limit",
  "length",
  "ttl",
  "tos",
  "dscp",
  "mac",
  "owner.uid",
  "owner.gid",
  "owner.socket",
  "pkttype",
  "ecn.ece",
  "ecn.cwr",
  "ecn.ect",
  "unsupported",
] as const;
export type ConditionCode = (typeof CONDITION_CODES)[number];

/**
 * One test a rule makes, as the kernel makes it. The same object decides (`test`, on the hot path) and explains
 * (`packet`, only when asked), so the explanation cannot say a condition holds that the engine found false.
 */
export interface Condition {
  readonly code: ConditionCode;
  /** The option as iptables-save writes it (`--dport`, `-s`). */
  readonly option: string;
  readonly invert: boolean;
  /**
   * The rule's operand as iptables-save prints it (`10.0.0.0/8`, `22`, `0x1/0xff`); empty for a bare flag; the
   * module's name for a module's own protocol test (option `-m`).
   */
  readonly rule: string;
  readonly test: Test;
  /** The packet's value the test compared, in the rule operand's notation; null: the packet has none. */
  readonly packet: (skb: Skb, env: MatchEnv) => string | null;
  /** The answer depends on rule state a snapshot does not keep (a counter, a token bucket, a random draw). */
  readonly stateful?: RuleState;
}

/**
 * What a stateful condition's answer depends on, in the module's own terms (no iptables syntax), so an
 * explanation can say it: a random draw, a counter of the packets the rule has seen, a token bucket.
 */
export type RuleState =
  /** True with this probability (0..1), drawn for each packet the rule sees. */
  | { readonly kind: "random"; readonly probability: number }
  /** True for one packet in every `every` the rule sees: the `packet`-th (0-based) of each round. */
  | { readonly kind: "nth"; readonly every: number; readonly packet: number }
  /** True while the bucket holds a token: `burst` at most, refilled `count` per `unit`. */
  | { readonly kind: "limit"; readonly count: number; readonly unit: string; readonly burst: number }
  /** Depends on the connection's remaining lifetime, which moves with the clock. */
  | { readonly kind: "ct-lifetime" };

/**
 * A match module in the engine: the conditions it states, in the order the kernel's match function tests them.
 * The rule is matched by the module when every condition holds.
 */
export interface MatchDefinition<M extends Match> {
  conditions(match: M): readonly Condition[];
  /** True when the module reads conntrack (the host then tracks connections even in `auto` mode). */
  readonly needsConntrack: boolean;
}

/** One definition per module name: leaving a module out of the table is a compile error. */
export type MatchDefinitions = { readonly [K in MatchModuleName]: MatchDefinition<Extract<Match, { module: K }>> };

export function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

export function rangeText(r: { readonly from: number; readonly to: number }): string {
  return r.from === r.to ? `${r.from}` : `${r.from}:${r.to}`;
}

export function inRange(value: number, range: { readonly from: number; readonly to: number }): boolean {
  return value >= range.from && value <= range.to;
}
