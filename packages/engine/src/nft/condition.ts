import { formatIpv4 } from "@nfx/model";
import { type Expr, formatExpr, printStatement, type SetElement, type Statement, type Value } from "@nfx/nftables";
import type { Skb } from "../skb";
import type { Load, LoadCtx } from "./load";
import { Lookup, prefixRange } from "./lookup";
import {
  atomValue,
  CT_STATE_BITS,
  CT_STATUS_BITS,
  flagsValue,
  isBitmask,
  type NftValue,
  TCP_FLAG_BITS,
} from "./symbols";

/**
 * One test an nft rule makes, as the kernel makes it: a relational expression (`tcp dport { 22, 80 }`) or a
 * stateful statement (`limit`, `quota`). The same object decides (`test`, on the hot path) and explains
 * (`packet`, only when asked), so an explanation cannot say a test held that the engine found false.
 */
export interface NftCondition {
  /** The test as nft lists it (`tcp dport { 22, 80 }`). */
  readonly text: string;
  /** What it reads (`tcp dport`), or the statement's keyword (`limit`). */
  readonly left: string;
  readonly test: (skb: Skb, c: LoadCtx) => boolean;
  /** The packet's value as nft would print it; null: the packet has none (no TCP header, no connection). */
  readonly packet: (skb: Skb, c: LoadCtx) => string | null;
  /** The answer depends on rule state a snapshot does not keep (a counter, a bucket, a random draw). */
  readonly stateful?: true;
  /** Set when the engine does not model the test: it warns and never holds. */
  readonly unsupported?: true;
}

/** How the engine reaches a named set of the rule's table, indexed for this left-hand side. */
export type SetResolver = <D>(name: string, left: Expr, data: (e: SetElement) => D | null) => Lookup<D> | null;

const NAMES_BY_BIT = (table: Readonly<Record<string, number>>) => (v: number) =>
  Object.entries(table)
    .filter(([, bit]) => v & bit)
    .map(([n]) => n)
    .join(",") || "0x0";

/** The packet's value in nft's notation for `left`: addresses dotted, ct state by name. */
export function formatPacketValue(left: Expr, v: NftValue): string {
  if (typeof v === "string") return left.kind === "meta" ? JSON.stringify(v) : v;
  const base = left.kind === "binop" ? left.left : left;
  if (base.kind === "payload" && (base.field === "saddr" || base.field === "daddr")) return formatIpv4(v);
  if (base.kind === "ct-dir" && (base.key === "saddr" || base.key === "daddr")) return formatIpv4(v);
  if (base.kind === "ct" && base.key === "state") return NAMES_BY_BIT(CT_STATE_BITS)(v);
  if (base.kind === "ct" && base.key === "status") return NAMES_BY_BIT(CT_STATUS_BITS)(v);
  if (base.kind === "payload" && base.proto === "tcp" && base.field === "flags") return NAMES_BY_BIT(TCP_FLAG_BITS)(v);
  if (base.kind === "meta" && base.key === "mark") return `0x${v.toString(16).padStart(8, "0")}`;
  if (base.kind === "ct" && base.key === "mark") return `0x${v.toString(16).padStart(8, "0")}`;
  return String(v);
}

/** A test the engine does not model: warned each time it is reached, never holding. */
export function unsupportedCondition(text: string, why: string): NftCondition {
  const message = `${why}: "${text}" is not simulated; the rule is treated as not matching`;
  return {
    text,
    left: text,
    test: (_s, c) => {
      c.env.warn(message);
      return false;
    },
    packet: () => null,
    unsupported: true,
  };
}

/** `a == b`, `a != b`, `<`...: the comparison for one constant on the right. */
function compare(op: Statement & { kind: "match" }, bitmask: boolean, r: NftValue): (v: NftValue) => boolean {
  const wildcard = typeof r === "string" && r.endsWith("*") ? r.slice(0, -1) : null;
  const eq =
    wildcard !== null ? (v: NftValue) => typeof v === "string" && v.startsWith(wildcard) : (v: NftValue) => v === r;
  switch (op.op) {
    case "==":
      return eq;
    case "in":
      // nft's implicit test of a bitmask type: any of the bits (`ct state established`).
      return bitmask && typeof r === "number" ? (v) => typeof v === "number" && (v & r) !== 0 : eq;
    case "!=":
      return bitmask && typeof r === "number" ? (v) => typeof v === "number" && (v & r) === 0 : (v) => !eq(v);
    case "<":
      return (v) => v < r;
    case ">":
      return (v) => v > r;
    case "<=":
      return (v) => v <= r;
    case ">=":
      return (v) => v >= r;
  }
}

/** Compiles a relational statement (`left op right`) with the loader of its left side. */
export function matchCondition(
  s: Extract<Statement, { kind: "match" }>,
  load: Load,
  sets: SetResolver,
  family: "ip" | "inet",
): NftCondition {
  const holds = rightTest(s, sets);
  if (!holds) return unsupportedCondition(printStatement(s, family), "this value");
  return new MatchCondition(s, family, load, holds);
}

/** A relational test; its text is printed only when an explanation asks (a large ruleset has 100,000 of them). */
class MatchCondition implements NftCondition {
  readonly stateful?: true;

  constructor(
    private readonly s: Extract<Statement, { kind: "match" }>,
    private readonly family: "ip" | "inet",
    private readonly load: Load,
    private readonly holds: (v: NftValue) => boolean,
  ) {
    if (s.left.kind === "numgen" || s.left.kind === "jhash") this.stateful = true;
  }

  get text(): string {
    return printStatement(this.s, this.family);
  }

  get left(): string {
    return formatExpr(this.s.left);
  }

  readonly test = (skb: Skb, c: LoadCtx): boolean => {
    const v = this.load(skb, c);
    return v !== null && this.holds(v);
  };

  readonly packet = (skb: Skb, c: LoadCtx): string | null => {
    const v = this.load(skb, c);
    return v === null ? null : formatPacketValue(this.s.left, v);
  };
}

/** The right side of a comparison as a test of the loaded value; null when the engine cannot read it. */
function rightTest(s: Extract<Statement, { kind: "match" }>, sets: SetResolver): ((v: NftValue) => boolean) | null {
  const { left, right } = s;
  const negate = s.op === "!=";
  const bitmask = isBitmask(left.kind === "binop" ? left.left : left);
  switch (right.kind) {
    case "atom": {
      if (left.kind === "fib" && right.atom.kind === "symbol") {
        // `fib ... oif missing` / `exists`: the loader gives "" for no route.
        if (right.atom.name === "missing") return negate ? (v) => v !== "" : (v) => v === "";
        if (right.atom.name === "exists") return negate ? (v) => v === "" : (v) => v !== "";
      }
      const r = atomValue(left, right.atom);
      return r === null ? null : compare(s, bitmask, r);
    }
    case "flags": {
      const r = flagsValue(left.kind === "binop" ? left.left : left, right.names);
      return r === null ? null : compare(s, bitmask, r);
    }
    case "prefix": {
      const r = prefixRange(left, right);
      if (!r) return null;
      const { lo, hi } = r;
      return (v) => typeof v === "number" && (v >= lo && v <= hi) !== negate;
    }
    case "range": {
      const lo = atomValue(left, right.from);
      const hi = atomValue(left, right.to);
      if (typeof lo !== "number" || typeof hi !== "number") return null;
      return (v) => typeof v === "number" && (v >= lo && v <= hi) !== negate;
    }
    case "concat": {
      const set = new Lookup<true>(left, [{ key: right, data: null, comment: null }], () => true);
      if (set.skipped) return null;
      return (v) => (set.get(v) !== undefined) !== negate;
    }
    case "set":
    case "set-ref": {
      const set =
        right.kind === "set"
          ? new Lookup<true>(left, right.elements, () => true)
          : sets(right.name, left, () => true as const);
      if (!set || (right.kind === "set" && set.skipped && set.size === 0)) return null;
      return (v) => (set.get(v) !== undefined) !== negate;
    }
  }
}

/** Is this operand an expression (`meta mark | 0x4000`, `ct mark`) rather than a constant? */
export function isExpr(x: Expr | Value): x is Expr {
  switch (x.kind) {
    case "payload":
    case "meta":
    case "ct":
    case "ct-dir":
    case "fib":
    case "numgen":
    case "jhash":
    case "binop":
    case "map":
      return true;
    case "concat":
      return x.parts.length > 0 && isExpr(x.parts[0]!);
    default:
      return false;
  }
}
