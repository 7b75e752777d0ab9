import type { Ipv4 } from "./addresses";
import type { PortRange } from "./match";

/** What `-j` or `-g` names. Targets that take no options share one shape. */
export type Target =
  | { readonly kind: "ACCEPT" }
  | { readonly kind: "DROP" }
  | { readonly kind: "RETURN" }
  | { readonly kind: "jump"; readonly chain: string }
  | { readonly kind: "goto"; readonly chain: string }
  | RejectTarget
  | LogTarget
  | NflogTarget
  | { readonly kind: "TRACE" }
  | MarkTarget
  | ConnmarkTarget
  | NatTarget
  | MasqueradeTarget
  | RedirectTarget
  | { readonly kind: "NOTRACK" }
  | CtTarget
  | TosTarget
  | TtlTarget
  | DscpTarget
  | UnsupportedTarget;

export type TargetKind = Target["kind"];

/**
 * The target type of one kind: `TargetOf<"DNAT">` is NatTarget, whose kind is `"DNAT" | "SNAT"` (a plain
 * `Extract<Target, { kind: "DNAT" }>` finds nothing there). Tables keyed by kind use it, so that each layer has
 * one entry per kind and a kind left out is a compile error.
 */
export type TargetOf<K extends TargetKind> = Target extends infer T
  ? T extends { readonly kind: infer X }
    ? K extends X
      ? T
      : never
    : never
  : never;

export const REJECT_WITH = [
  "icmp-net-unreachable",
  "icmp-host-unreachable",
  "icmp-port-unreachable",
  "icmp-proto-unreachable",
  "icmp-net-prohibited",
  "icmp-host-prohibited",
  "icmp-admin-prohibited",
  "tcp-reset",
] as const;
export type RejectWith = (typeof REJECT_WITH)[number];

export interface RejectTarget {
  readonly kind: "REJECT";
  readonly with: RejectWith;
}

export interface LogTarget {
  readonly kind: "LOG";
  readonly prefix?: string;
  /** Syslog level 0-7; 4 (warning) is the default and is not printed. */
  readonly level?: number;
  /** `--log-tcp-sequence`, `--log-ip-options`, ... kept in the order given. */
  readonly flags: readonly string[];
}

export interface NflogTarget {
  readonly kind: "NFLOG";
  readonly group?: number;
  readonly prefix?: string;
  /** `--nflog-range`: accepted but ignored by the kernel, and not printed by iptables-save. */
  readonly range?: number;
  /** `--nflog-size`: how many bytes of the packet to copy. */
  readonly size?: number;
  readonly threshold?: number;
}

/** MARK in its kernel form: `mark = (mark & ~mask) ^ value` (every --set/--and/--or/--xor-mark reduces to it). */
export interface MarkTarget {
  readonly kind: "MARK";
  readonly value: number;
  readonly mask: number;
}

export type ConnmarkTarget =
  | { readonly kind: "CONNMARK"; readonly mode: "set"; readonly value: number; readonly mask: number }
  | { readonly kind: "CONNMARK"; readonly mode: "save" | "restore"; readonly nfmask: number; readonly ctmask: number };

/**
 * A NAT target's port range. `base` (`1000-2000/1000`, NF_NAT_RANGE_PROTO_OFFSET) maps port p to
 * `from + (p - base) % size` instead of keeping p when it is already in range.
 */
export interface NatPortRange extends PortRange {
  readonly base?: number;
}

/** One `--to-destination`/`--to-source` range: addresses and optionally ports. */
export interface NatRange {
  readonly addrFrom?: Ipv4;
  readonly addrTo?: Ipv4;
  readonly ports?: NatPortRange;
}

export interface NatTarget {
  readonly kind: "DNAT" | "SNAT";
  readonly to: NatRange;
  readonly random: boolean;
  readonly randomFully: boolean;
  readonly persistent: boolean;
}

export interface MasqueradeTarget {
  readonly kind: "MASQUERADE";
  readonly ports?: NatPortRange;
  readonly random: boolean;
  readonly randomFully: boolean;
}

export interface RedirectTarget {
  readonly kind: "REDIRECT";
  readonly ports?: PortRange;
  readonly random: boolean;
}

export interface CtTarget {
  readonly kind: "CT";
  readonly notrack: boolean;
  readonly zone?: number;
  /** Other options (`--helper`, `--ct-events`, ...) kept as written; the engine ignores them. */
  readonly extra: readonly string[];
}

export interface TosTarget {
  readonly kind: "TOS";
  /** `tos = (tos & ~mask) ^ value`, the kernel's form of every --set/--and/--or/--xor-tos. */
  readonly value: number;
  readonly mask: number;
}

export interface TtlTarget {
  readonly kind: "TTL";
  readonly op: "set" | "inc" | "dec";
  readonly value: number;
}

export interface DscpTarget {
  readonly kind: "DSCP";
  readonly dscp: number;
}

/** A target the engine does not model; the rule is kept, printed back as written, and acts as CONTINUE. */
export interface UnsupportedTarget {
  readonly kind: "unsupported";
  readonly name: string;
  readonly args: readonly string[];
}
