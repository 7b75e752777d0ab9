import type { RejectWith, Target, TargetKind, TargetOf } from "@nfx/model";
import type { Action, CompiledChain } from "../compiled-chain";
import { hex } from "../matches/condition";
import type { PacketSnapshot } from "../result";

/** A packet or connection field a target may change, by its name in the packet snapshot. */
export type ChangedField = "mark" | "ctMark" | "tos" | "ttl" | "ctinfo";

/** One field a target set: its value before and after, in the snapshot's notation (`0x1`, `ESTABLISHED`). */
export interface FieldChange {
  readonly field: ChangedField;
  readonly before: string;
  readonly after: string;
}

/**
 * What a matching rule's target did, as data the app words in the reader's language (and `nfx trace --explain`
 * in English). It names no iptables option, so an nftables statement that does the same can say the same.
 */
export type TargetEffect =
  /** The packet is let through this hook (ACCEPT), or dropped without an answer (DROP). */
  | { readonly kind: "accept" }
  | { readonly kind: "drop" }
  /** Back to the chain that jumped here, or the base chain's policy. */
  | { readonly kind: "return" }
  /** `jump`: on to `chain` and back after it; `goto`: on to `chain` for good. */
  | { readonly kind: "jump"; readonly chain: string }
  | { readonly kind: "goto"; readonly chain: string }
  /** Dropped, and an answer chosen (the outcome's `rejectedWith` says whether it left). */
  | { readonly kind: "reject"; readonly with: RejectWith }
  /** Sets up the connection's address translation; the `nat` step that follows shows the rewrite. */
  | { readonly kind: "nat"; readonly manip: "DNAT" | "SNAT" | "MASQUERADE" | "REDIRECT" }
  /** Sets fields of the packet or its connection and goes on with the next rule. */
  | { readonly kind: "set"; readonly changes: readonly FieldChange[] }
  /** Sets fields of the connection, but the packet has none: nothing changed. */
  | { readonly kind: "no-connection" }
  /** Exempts the packet from connection tracking (already tracked: nothing changes). */
  | { readonly kind: "untrack"; readonly changes: readonly FieldChange[] }
  /** Puts the packet in a conntrack zone before conntrack looks it up. */
  | { readonly kind: "zone"; readonly zone: number | null }
  /** Logs the packet (to syslog, or to netlink group `group`) and goes on. */
  | { readonly kind: "log"; readonly prefix: string; readonly group: number | null }
  /** Turns on tracing for the packet; the simulator traces every packet anyway. */
  | { readonly kind: "trace" }
  /** A rule without a target: it counts the packet, which goes on with the next rule. */
  | { readonly kind: "continue" }
  /** A target the simulator does not model: treated as going on. */
  | { readonly kind: "unsupported"; readonly name: string };

export type TargetEffectKind = TargetEffect["kind"];

/** The compiled chains of the rule's table, by name, for jumps. */
export interface ChainsByName {
  get(name: string): CompiledChain | undefined;
}

/**
 * One target in the engine: what the rule loop does when the rule matches (decided once, at compile time), what
 * the target needs, and what it did, read from the packet before and after it. The iptables face of the same
 * target (parse, print) is @nfx/iptables-save's TargetModule.
 */
export interface TargetDefinition<T extends Target> {
  action(target: T, chains: ChainsByName): Action;
  /** True when the target needs a connection (the host then tracks connections even in `auto` mode). */
  needsConntrack(target: T): boolean;
  /** `after` is the packet as the next rule saw it: the same snapshot when the target changes nothing. */
  explain(target: T, before: PacketSnapshot, after: PacketSnapshot): TargetEffect;
}

/** One definition per target kind: leaving a kind out of the table is a compile error. */
export type TargetDefinitions = { readonly [K in TargetKind]: TargetDefinition<TargetOf<K>> };

const SHOW: Readonly<Record<ChangedField, (p: PacketSnapshot) => string>> = {
  mark: (p) => hex(p.mark),
  ctMark: (p) => hex(p.ctMark),
  tos: (p) => hex(p.tos),
  ttl: (p) => String(p.ttl),
  ctinfo: (p) => p.ctinfo,
};

/** The fields `fields` as they stood before and after a target. */
export function fieldChanges(
  fields: readonly ChangedField[],
  before: PacketSnapshot,
  after: PacketSnapshot,
): FieldChange[] {
  return fields.map((field) => ({ field, before: SHOW[field](before), after: SHOW[field](after) }));
}

/** Never needs a connection. */
export const noConntrack = (): boolean => false;
