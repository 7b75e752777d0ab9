import type { RejectWith, Target } from "@nfx/model";
import {
  type BaseChainSpec,
  type Expr,
  formatExpr,
  printStatement,
  type Rule,
  type Ruleset,
  type SetElement,
  type Statement,
  type Table,
  type Value,
  type Verdict,
} from "@nfx/nftables";
import type { EvalEnv } from "../env";
import type { Skb } from "../skb";
import { targetEffect } from "../targets";
import { isExpr, matchCondition, type NftCondition, type SetResolver, unsupportedCondition } from "./condition";
import { compileLoad, type Load, type LoadCtx } from "./load";
import { Lookup } from "./lookup";
import { atomValue, ipv4Value } from "./symbols";

/** Pinned results of `numgen`/`jhash` expressions, keyed `FAMILY TABLE:CHAIN:RULE` (1-based rule position). */
export type NumgenPins = ReadonlyMap<string, number>;

/** Where a rule runs during a real traversal: a loader's context whose environment can also log. */
export interface RunCtx extends LoadCtx {
  readonly env: EvalEnv;
}

/** What a rule's verdict does, with jump and goto resolved to their chain. */
export type NftVerdict =
  | { readonly k: "accept" | "drop" | "continue" | "return" | "queue" }
  | { readonly k: "jump" | "goto"; readonly chain: NftChain };

type NatTarget = Extract<Target, { kind: "DNAT" | "SNAT" | "MASQUERADE" | "REDIRECT" }>;

/** One step of a rule, in the order written: nft runs them left to right and stops at the first that breaks. */
export type NftOp =
  | { readonly k: "test"; readonly cond: NftCondition }
  /** A statement that changes the packet or its connection; false: it broke the rule (a data map missed). */
  | { readonly k: "effect"; readonly run: (skb: Skb, c: RunCtx) => boolean };

/** How a rule ends once every step passed. */
export type NftTerminal =
  | { readonly k: "none" }
  | { readonly k: "verdict"; readonly v: NftVerdict }
  /** A miss does not match (N6): no line, the next rule. */
  | { readonly k: "vmap"; readonly key: Load; readonly map: Lookup<NftVerdict> }
  | { readonly k: "reject"; readonly with: RejectWith }
  /** The NAT binding to set up; null from `target` (a data map missed) breaks the rule. */
  | { readonly k: "nat"; readonly target: (skb: Skb, c: RunCtx) => NatTarget | null };

export class NftRule {
  packets = 0;
  bytes = 0;
  private printed: string | null = null;

  constructor(
    readonly source: Rule,
    readonly ops: readonly NftOp[],
    readonly terminal: NftTerminal,
    private readonly family: "ip" | "inet",
  ) {}

  /** The rule as nft lists it, for `nft monitor trace` lines; printed once, when first asked. */
  get text(): string {
    this.printed ??= this.source.body.map((s) => printStatement(s, this.family)).join(" ");
    return this.printed;
  }
}

export class NftChain {
  policyPackets = 0;
  policyBytes = 0;
  private compiled: readonly NftRule[] | null = null;

  constructor(
    readonly family: "ip" | "inet",
    readonly table: string,
    readonly name: string,
    readonly base: BaseChainSpec | null,
    private compile: (() => readonly NftRule[]) | null,
  ) {}

  /**
   * The chain's rules, compiled when a packet first reaches the chain: a kube-proxy node has thousands of service
   * and endpoint chains and a trace visits a handful, so the import does not pay for the rest.
   */
  get rules(): readonly NftRule[] {
    if (this.compiled === null) {
      this.compiled = this.compile?.() ?? [];
      this.compile = null;
    }
    return this.compiled;
  }

  /** The rules compiled so far: none while no packet has reached the chain (so none has counted anything). */
  get rulesSeen(): readonly NftRule[] {
    return this.compiled ?? [];
  }
}

/** The compiled native tables of the simulated families, keyed `FAMILY TABLE`. */
export interface NftProgram {
  readonly tables: ReadonlyMap<string, ReadonlyMap<string, NftChain>>;
  chain(family: "ip" | "inet", table: string, chain: string): NftChain | undefined;
  readonly needsConntrack: boolean;
}

export const tableKey = (family: string, table: string) => `${family} ${table}`;

const REJECT_ICMP: Readonly<Record<string, RejectWith>> = {
  "net-unreachable": "icmp-net-unreachable",
  "host-unreachable": "icmp-host-unreachable",
  "prot-unreachable": "icmp-proto-unreachable",
  "port-unreachable": "icmp-port-unreachable",
  "net-prohibited": "icmp-net-prohibited",
  "host-prohibited": "icmp-host-prohibited",
  "admin-prohibited": "icmp-admin-prohibited",
};
/** `icmpx` codes for IPv4 (nft_reject_icmp_code): no-route is net-unreachable. */
const REJECT_ICMPX: Readonly<Record<string, RejectWith>> = {
  "no-route": "icmp-net-unreachable",
  "port-unreachable": "icmp-port-unreachable",
  "host-unreachable": "icmp-host-unreachable",
  "admin-prohibited": "icmp-admin-prohibited",
};

/** Compiles every ip and inet table; the other families are kept by the parser and not simulated here. */
export function compileNft(ruleset: Ruleset, pins: NumgenPins = new Map()): NftProgram {
  const tables = new Map<string, Map<string, NftChain>>();
  let needsConntrack = false;
  for (const table of ruleset.tables) {
    if (table.family !== "ip" && table.family !== "inet") continue;
    const family = table.family;
    const key = tableKey(family, table.name);
    const chains = new Map<string, NftChain>();
    const scope: RuleScope = { family, chains, sets: setResolver(table), pin: undefined };
    for (const c of table.chains) {
      const compile = () =>
        c.rules.map((rule, i) => {
          const pin = pins.size ? pins.get(`${key}:${c.name}:${i + 1}`) : undefined;
          return compileRule(rule, pin === undefined ? scope : { ...scope, pin });
        });
      chains.set(c.name, new NftChain(family, table.name, c.name, c.base, c.rules.length ? compile : null));
      // Read from the statements, not the compiled rules: conntrack must be on before the first packet.
      if (!needsConntrack && c.rules.some((r) => r.body.some(statementNeedsConntrack))) needsConntrack = true;
    }
    tables.set(key, chains);
  }
  return {
    tables,
    chain: (family, table, chain) => tables.get(tableKey(family, table))?.get(chain),
    needsConntrack,
  };
}

/** Named sets of a table, indexed once per (set, left-hand side): the same set serves `ip saddr` and `ip daddr`. */
export function setResolver(table: Table): SetResolver {
  const cache = new Map<string, Lookup<unknown>>();
  const byName = new Map(table.sets.map((s) => [s.name, s]));
  return <D>(name: string, left: Expr, data: (e: SetElement) => D | null) => {
    const set = byName.get(name);
    if (!set) return null;
    const key = `${name}\u0000${formatExpr(left)}\u0000${set.isMap}`;
    let hit = cache.get(key) as Lookup<D> | undefined;
    if (!hit) {
      hit = new Lookup<D>(left, set.elements, data);
      cache.set(key, hit as Lookup<unknown>);
    }
    return hit;
  };
}

interface RuleScope {
  readonly family: "ip" | "inet";
  readonly chains: ReadonlyMap<string, NftChain>;
  readonly sets: SetResolver;
  readonly pin: number | undefined;
}

/** An expression reads conntrack (`ct ...`), directly or inside a concatenation, mask, map key or hash. */
function readsConntrack(e: Expr | Value | null): boolean {
  if (!e) return false;
  switch (e.kind) {
    case "ct":
    case "ct-dir":
      return true;
    case "concat":
      return (e.parts as readonly (Expr | Value)[]).some(readsConntrack);
    case "binop":
      return readsConntrack(e.left);
    case "map":
      return readsConntrack(e.key);
    case "jhash":
      return readsConntrack(e.of);
    default:
      return false;
  }
}

/** A statement's expression needs conntrack: ct reads and writes, NAT. Run on every statement of an import. */
function statementNeedsConntrack(s: Statement): boolean {
  switch (s.kind) {
    case "match":
      return readsConntrack(s.left);
    case "vmap":
      return readsConntrack(s.key);
    case "set-field":
      return s.target.kind === "ct" || readsConntrack(s.value);
    case "nat":
      return true;
    default:
      return false;
  }
}

const NO_PIN = {};

export function compileRule(rule: Rule, scope: RuleScope): NftRule {
  const ops: NftOp[] = [];
  let terminal: NftTerminal = { k: "none" };
  const opts = scope.pin === undefined ? NO_PIN : { pin: scope.pin };
  const load = (e: Expr) => compileLoad(e, opts, (m) => dataMap(m, scope));
  for (const s of rule.body) {
    if (terminal.k !== "none") {
      // nft refuses statements after a verdict; the parser reports it. Nothing after a verdict runs.
      break;
    }
    // Printed only when asked (a warning, an explanation): 35,000 rules should not pay for their text.
    const text = () => printStatement(s, scope.family);
    switch (s.kind) {
      case "match": {
        const l = load(s.left);
        ops.push({
          k: "test",
          cond: l ? matchCondition(s, l, scope.sets, scope.family) : unsupportedCondition(text(), formatExpr(s.left)),
        });
        break;
      }
      case "verdict": {
        const v = verdict(s.verdict, scope.chains);
        if (v) terminal = { k: "verdict", v };
        else ops.push({ k: "test", cond: unsupportedCondition(text(), "this verdict") });
        break;
      }
      case "vmap": {
        const key = load(s.key);
        const map = mapOf(s.key, s.map, scope, (e) =>
          e.data && isVerdict(e.data) ? verdict(e.data, scope.chains) : null,
        );
        if (key && map) terminal = { k: "vmap", key, map };
        else ops.push({ k: "test", cond: unsupportedCondition(text(), "this verdict map") });
        break;
      }
      case "counter":
        // Every rule counts the packets that reach its end (the engine's counters); nothing to decide here.
        break;
      case "log": {
        const effect = targetEffect({ kind: "LOG", ...(s.prefix === null ? {} : { prefix: s.prefix }), flags: [] })!;
        ops.push({
          k: "effect",
          run: (skb, c) => {
            effect(skb, c.env);
            return true;
          },
        });
        break;
      }
      case "limit":
        ops.push({ k: "test", cond: limitCondition(s, text) });
        break;
      case "quota":
        ops.push({ k: "test", cond: quotaCondition(s, text) });
        break;
      case "set-field": {
        const value = isExpr(s.value)
          ? load(s.value)
          : constantLoad(
              s.target.kind === "meta" ? { kind: "meta", key: "mark" } : { kind: "ct", key: s.target.key },
              s.value,
            );
        if (!value) {
          ops.push({ k: "test", cond: unsupportedCondition(text(), "this value") });
          break;
        }
        ops.push({ k: "effect", run: setField(s.target, value) });
        break;
      }
      case "notrack": {
        const untrack = targetEffect({ kind: "NOTRACK" })!;
        ops.push({
          k: "effect",
          run: (skb, c) => {
            untrack(skb, c.env);
            return true;
          },
        });
        break;
      }
      case "reject": {
        const w = rejectWith(s.with, scope.family);
        if (w) terminal = { k: "reject", with: w };
        else ops.push({ k: "test", cond: unsupportedCondition(text(), "this reject type") });
        break;
      }
      case "nat": {
        const target = natTarget(s, load);
        if (target) terminal = { k: "nat", target };
        else ops.push({ k: "test", cond: unsupportedCondition(text(), "this NAT statement") });
        break;
      }
      case "unsupported":
        // `meta nftrace set 1` only turns the kernel's tracing on: the packet's fate is the same without it.
        if (/^meta nftrace set [01]$/.test(s.text.trim())) break;
        ops.push({ k: "test", cond: unsupportedCondition(s.text, "nft statement") });
        break;
    }
  }
  return new NftRule(rule, ops, terminal, scope.family);
}

function isVerdict(d: Value | Verdict): d is Verdict {
  switch (d.kind) {
    case "accept":
    case "drop":
    case "continue":
    case "return":
    case "jump":
    case "goto":
    case "queue":
      return true;
    default:
      return false;
  }
}

/** The verdicts without a chain, shared: a kube-proxy ruleset has tens of thousands of them. */
const PLAIN: Readonly<Record<"accept" | "drop" | "continue" | "return" | "queue", NftVerdict>> = {
  accept: { k: "accept" },
  drop: { k: "drop" },
  continue: { k: "continue" },
  return: { k: "return" },
  queue: { k: "queue" },
};

function verdict(v: Verdict, chains: ReadonlyMap<string, NftChain>): NftVerdict | null {
  switch (v.kind) {
    case "jump":
    case "goto": {
      const chain = chains.get(v.chain);
      return chain && !chain.base ? { k: v.kind, chain } : null;
    }
    default:
      return PLAIN[v.kind];
  }
}

/** An anonymous or named map for `key`, its elements' data compiled by `data`. */
function mapOf<D>(
  key: Expr,
  map: Extract<Value, { kind: "set" | "set-ref" }>,
  scope: RuleScope,
  data: (e: SetElement) => D | null,
): Lookup<D> | null {
  if (map.kind === "set") return new Lookup<D>(key, map.elements, data);
  return scope.sets(map.name, key, data);
}

/** `tcp dport map { 80 : 0x1 }`: a data map as an expression; a miss breaks the rule (N6). */
function dataMap(m: Extract<Expr, { kind: "map" }>, scope: RuleScope): Load | null {
  const key = compileLoad(m.key, {}, (inner) => dataMap(inner, scope));
  // The data is typed by what the map gives; a constant of it reads like an address, a mark or a port.
  const map = mapOf(m.key, m.map, scope, (e) => {
    if (!e.data || isVerdict(e.data) || e.data.kind !== "atom") return null;
    const a = e.data.atom;
    if (a.kind === "ipv4") return ipv4Value(a.text);
    if (a.kind === "number") return a.value >>> 0;
    return null;
  });
  if (!key || !map) return null;
  return (skb, c) => {
    const k = key(skb, c);
    if (k === null) return null;
    return map.get(k) ?? null;
  };
}

function constantLoad(target: Expr, v: Value): Load | null {
  if (v.kind !== "atom") return null;
  const x = atomValue(target, v.atom);
  return typeof x === "number" ? () => x : null;
}

function setField(
  target: Extract<Statement, { kind: "set-field" }>["target"],
  value: Load,
): (skb: Skb, c: RunCtx) => boolean {
  if (target.kind === "meta") {
    return (skb, c) => {
      const v = value(skb, c);
      if (typeof v !== "number") return false;
      skb.mark = v >>> 0;
      return true;
    };
  }
  if (target.key === "mark") {
    return (skb, c) => {
      const v = value(skb, c);
      if (typeof v !== "number") return false;
      if (skb.ct) skb.ct.mark = v >>> 0;
      return true;
    };
  }
  // `ct zone set` works on a packet conntrack has not seen yet (raw priority), as CT --zone.
  return (skb, c) => {
    const v = value(skb, c);
    if (typeof v !== "number") return false;
    if (!skb.ctDone) skb.zone = v & 0xffff;
    return true;
  };
}

function rejectWith(w: Extract<Statement, { kind: "reject" }>["with"], family: "ip" | "inet"): RejectWith | null {
  switch (w.kind) {
    case "default":
      // Plain reject answers with port-unreachable, TCP included (N7); inet's icmpx says the same for IPv4.
      return family === "ip" || family === "inet" ? "icmp-port-unreachable" : null;
    case "tcp-reset":
      return "tcp-reset";
    case "icmp":
      if (w.family === "icmpv6") return null;
      return (w.family === "icmpx" ? REJECT_ICMPX : REJECT_ICMP)[w.type] ?? null;
  }
}

function natTarget(
  s: Extract<Statement, { kind: "nat" }>,
  load: (e: Expr) => Load | null,
): ((skb: Skb, c: RunCtx) => NatTarget | null) | null {
  const random = s.flags.includes("random");
  const randomFully = s.flags.includes("fully-random");
  const persistent = s.flags.includes("persistent");
  if (s.family === "ip6") return () => null;
  const port = portPart(s.port, load);
  if (port === undefined) return null;
  if (s.nat === "masquerade" || s.nat === "redirect") {
    return (skb, c) => {
      const ports = port(skb, c);
      if (ports === null) return null;
      return s.nat === "masquerade"
        ? { kind: "MASQUERADE", random, randomFully, ...(ports ? { ports } : {}) }
        : { kind: "REDIRECT", random, ...(ports ? { ports } : {}) };
    };
  }
  const addr = addrPart(s.addr, load);
  if (!addr) return null;
  const kind = s.nat === "dnat" ? "DNAT" : "SNAT";
  return (skb, c) => {
    const a = addr(skb, c);
    const ports = port(skb, c);
    if (a === null || ports === null) return null;
    return {
      kind,
      to: { addrFrom: a.from, addrTo: a.to, ...(ports ? { ports } : {}) },
      random,
      randomFully,
      persistent,
    };
  };
}

type PortRange = { from: number; to: number };

/** The `:port` part: undefined when the engine cannot read it, else a function (null: a map missed). */
function portPart(
  v: Value | Expr | null,
  load: (e: Expr) => Load | null,
): ((skb: Skb, c: RunCtx) => PortRange | false | null) | undefined {
  if (v === null) return () => false;
  if (isExpr(v)) {
    const l = load(v);
    if (!l) return undefined;
    return (skb, c) => {
      const p = l(skb, c);
      return typeof p === "number" ? { from: p, to: p } : null;
    };
  }
  if (v.kind === "atom" && v.atom.kind === "number") {
    const p = v.atom.value;
    return () => ({ from: p, to: p });
  }
  if (v.kind === "range" && v.from.kind === "number" && v.to.kind === "number") {
    const r = { from: v.from.value, to: v.to.value };
    return () => r;
  }
  return undefined;
}

function addrPart(
  v: Value | Expr | null,
  load: (e: Expr) => Load | null,
): ((skb: Skb, c: RunCtx) => { from: number; to: number } | null) | null {
  if (v === null) return null;
  if (isExpr(v)) {
    const l = load(v);
    if (!l) return null;
    return (skb, c) => {
      const a = l(skb, c);
      return typeof a === "number" ? { from: a, to: a } : null;
    };
  }
  if (v.kind === "atom" && v.atom.kind === "ipv4") {
    const a = ipv4Value(v.atom.text);
    return a === null ? null : () => ({ from: a, to: a });
  }
  if (v.kind === "range" && v.from.kind === "ipv4" && v.to.kind === "ipv4") {
    const from = ipv4Value(v.from.text);
    const to = ipv4Value(v.to.text);
    return from === null || to === null ? null : () => ({ from, to });
  }
  return null;
}

const UNIT_MS = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;

/** `limit rate N/unit [burst B packets]`: a token bucket of B packets (5 by default) on the simulated clock. */
function limitCondition(s: Extract<Statement, { kind: "limit" }>, text: () => string): NftCondition {
  if (s.bytes !== null) return unsupportedCondition(text(), "a byte rate limit");
  const interval = UNIT_MS[s.unit] / s.rate;
  const burst = s.burst ?? 5;
  let tokens = burst;
  let last: number | null = null;
  const over = s.over;
  return {
    get text() {
      return text();
    },
    left: "limit",
    test: (_skb, c) => {
      if (last !== null) tokens = Math.min(burst, tokens + (c.env.now - last) / interval);
      last = c.env.now;
      const ok = tokens >= 1;
      if (ok) tokens -= 1;
      // `limit rate over`: holds for the packets beyond the rate.
      return ok !== over;
    },
    packet: () => null,
    stateful: true,
  };
}

const QUOTA_UNIT: Readonly<Record<string, number>> = { bytes: 1, kbytes: 1024, mbytes: 1024 ** 2, gbytes: 1024 ** 3 };

/** `quota [over] N unit`: holds until the rule has seen N bytes (`over`: once it has). */
function quotaCondition(s: Extract<Statement, { kind: "quota" }>, text: () => string): NftCondition {
  const limit = s.amount * (QUOTA_UNIT[s.unit] ?? 1);
  let used = (s.used ?? 0) * (QUOTA_UNIT[s.usedUnit ?? "bytes"] ?? 1);
  const over = s.over;
  return {
    get text() {
      return text();
    },
    left: "quota",
    test: (skb) => {
      // nft_overquota(): over once the bytes seen reach the quota.
      used += skb.length;
      return used >= limit === over;
    },
    packet: () => null,
    stateful: true,
  };
}
