import type { Cidr } from "./addresses";
import type { Match, Negatable } from "./match";
import type { HookName, Policy, TableName } from "./netfilter";
import type { Target } from "./target";

/** Where something came from in the user's text: 1-based line and column. */
export interface SourcePos {
  readonly line: number;
  readonly column: number;
}

/**
 * A rule's or chain's `[packets:bytes]`, as iptables-save prints them. The kernel's counters are 64-bit, so
 * they are bigints from 0 to 2^64-1 ({@link COUNTER_MAX}): a number would round above 2^53.
 */
export interface Counters {
  readonly packets: bigint;
  readonly bytes: bigint;
}

/** The largest value of a kernel counter, 2^64-1; iptables-restore saturates larger ones to it. */
export const COUNTER_MAX = 0xffff_ffff_ffff_ffffn;

/** An interface name test; a trailing `+` matches every name with that prefix. */
export type IfaceName = string;

/**
 * One rule, in the order iptables-save prints its parts: the generic header tests, the match modules in
 * the order given, then the target (`-j`) or goto (`-g`), or none.
 */
export interface Rule {
  readonly src?: Negatable<Cidr>;
  readonly dst?: Negatable<Cidr>;
  readonly inIface?: Negatable<IfaceName>;
  readonly outIface?: Negatable<IfaceName>;
  /** A protocol name (`tcp`, `udp`, `icmp`, ...) or number as text; absent means all. */
  readonly proto?: Negatable<string>;
  /** `-f` / `! -f`: non-first fragments. */
  readonly fragment?: Negatable<true>;
  readonly matches: readonly Match[];
  readonly target: Target | null;
  readonly counters?: Counters;
  /** Where the rule was written, when it came from text. */
  readonly pos?: SourcePos;
}

export interface Chain {
  readonly name: string;
  /** Built-in chains have a policy; user-defined chains have none (`-` in iptables-save). */
  readonly policy: Policy | null;
  readonly counters?: Counters;
  readonly rules: readonly Rule[];
  readonly pos?: SourcePos;
}

export interface Table {
  readonly name: TableName;
  /** Chains in the order they were declared. */
  readonly chains: readonly Chain[];
  readonly pos?: SourcePos;
}

/**
 * A whole ruleset: the tables a restore file names. As with iptables-nft, a table or built-in chain that is
 * not here does not exist, and the packet does not traverse it.
 */
export interface Ruleset {
  readonly tables: readonly Table[];
}

export function findTable(ruleset: Ruleset, name: TableName): Table | undefined {
  return ruleset.tables.find((t) => t.name === name);
}

export function findChain(table: Table, name: string): Chain | undefined {
  return table.chains.find((c) => c.name === name);
}

/** A base chain: one table's built-in chain at one hook. */
export interface BaseChainRef {
  readonly table: TableName;
  readonly hook: HookName;
}
