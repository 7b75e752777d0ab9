import { chainIndexNamed, type HookName, isBuiltinChain, type Rule, type Ruleset, type TableName } from "@nfx/model";
import {
  type ChainLayout,
  HAS_MODULES,
  type InterfaceIndex,
  interfacesKey,
  layoutOf,
  NEG_DPORT,
  NEG_DST,
  NEG_PROTO,
  NEG_SPORT,
  NEG_SRC,
} from "./chain-layout";
import { type Action, CompiledChain, type RuleCompiler } from "./compiled-chain";
import type { EvalEnv } from "./env";
import { HeaderSieve, SIEVE_MIN_RULES } from "./header-sieve";
import { compileMatch, type Predicate } from "./matches";
import { rulesetNeedsConntrack } from "./needs-conntrack";
import type { Skb } from "./skb";
import { compileAction } from "./targets";

export { type InterfaceIndex, interfaceBit } from "./chain-layout";

/**
 * Pinned outcomes of `-m statistic` matches, keyed `table:chain:rule` (1-based rule position): a pinned rule's
 * statistic match always gives that answer, so a person can choose which Kubernetes endpoint a packet takes.
 */
export type StatisticPins = ReadonlyMap<string, boolean>;

/**
 * A parsed ruleset as one simulation runs it. A chain is compiled when a packet first reaches it, from the
 * layout it shares with other simulations of the same ruleset (chain-layout.ts); a chain no packet reaches
 * costs nothing, so a 500,000-rule node answers its first packet in milliseconds.
 */
export interface CompiledRuleset {
  /** The chain `name` of `table`, compiled on first use; undefined if the ruleset lacks it. */
  chain(table: TableName, name: string): CompiledChain | undefined;
  /** The base chain of `table` at `hook`, if the ruleset declares it (iptables-nft: else it does not exist). */
  base(table: TableName, hook: HookName): CompiledChain | undefined;
  /** The chains compiled so far, in the ruleset's order (the ones that can have counted anything). */
  compiled(): CompiledChain[];
  /** True when some rule needs conntrack (a conntrack/state/connmark match, NAT, CONNMARK, CT other than notrack). */
  readonly needsConntrack: boolean;
  readonly hasNatTable: boolean;
}

/** Compiles a parsed ruleset for one host, lazily: interface tests become bit sets over the host's interfaces. */
export function compileRuleset(
  ruleset: Ruleset,
  interfaces: InterfaceIndex,
  pins: StatisticPins = new Map(),
): CompiledRuleset {
  return new LazyRuleset(ruleset, interfaces, pins);
}

class LazyRuleset implements CompiledRuleset, RuleCompiler {
  private readonly byTable = new Map<TableName, Map<string, CompiledChain>>();
  /** Where each compiled chain stands in the ruleset (table index, chain position), for `compiled()`'s order. */
  private readonly order = new Map<CompiledChain, number>();
  private readonly key: string;
  readonly hasNatTable: boolean;

  constructor(
    private readonly ruleset: Ruleset,
    private readonly interfaces: InterfaceIndex,
    private readonly pins: StatisticPins,
  ) {
    this.key = interfacesKey(interfaces);
    this.hasNatTable = ruleset.tables.some((t) => t.name === "nat");
  }

  get needsConntrack(): boolean {
    return rulesetNeedsConntrack(this.ruleset);
  }

  chain(table: TableName, name: string): CompiledChain | undefined {
    let chains = this.byTable.get(table);
    const known = chains?.get(name);
    if (known) return known;
    const t = this.ruleset.tables.findIndex((x) => x.name === table);
    if (t < 0) return undefined;
    const position = chainIndexNamed(this.ruleset.tables[t]!, name);
    if (position < 0) return undefined;
    const chain = this.ruleset.tables[t]!.chains[position]!;
    const policy = isBuiltinChain(table, name) ? (chain.policy ?? "ACCEPT") : null;
    const layout = layoutOf(chain, this.interfaces, this.key);
    const compiled = new CompiledChain(table, name, policy, chain, layout, this);
    if (!chains) {
      chains = new Map();
      this.byTable.set(table, chains);
    }
    chains.set(name, compiled);
    // Chains of a table number fewer than 2^32, so this orders by table first, then position.
    this.order.set(compiled, t * 2 ** 32 + position);
    return compiled;
  }

  base(table: TableName, hook: HookName): CompiledChain | undefined {
    const c = this.chain(table, hook);
    return c?.isBase ? c : undefined;
  }

  compiled(): CompiledChain[] {
    return [...this.order].sort((a, b) => a[1] - b[1]).map(([c]) => c);
  }

  modules(chain: CompiledChain, i: number, rule: Rule, inline: Rule["matches"][number] | null): Predicate[] | null {
    const modules: Predicate[] = [];
    // Fragments are reassembled by defrag before any chain, so `-f` never matches and `! -f` always does.
    if (rule.fragment && !rule.fragment.invert) modules.push(() => false);
    const pin = this.pins.size ? this.pins.get(`${chain.table}:${chain.name}:${i + 1}`) : undefined;
    for (const match of rule.matches) {
      if (match === inline) continue;
      const p = match.module === "statistic" && pin !== undefined ? () => pin : compileMatch(match);
      if (p) modules.push(p);
    }
    return modules.length ? modules : null;
  }

  action(chain: CompiledChain, rule: Rule): Action {
    return compileAction(rule.target, { get: (name) => this.chain(chain.table, name) });
  }
}

/** The sieves of long chains' layouts, shared like the layouts (they hold no rule state either). */
const sieves = new WeakMap<ChainLayout, HeaderSieve>();

function sieveFor(layout: ChainLayout): HeaderSieve {
  let sieve = sieves.get(layout);
  if (!sieve) {
    sieve = new HeaderSieve(layout);
    sieves.set(layout, sieve);
  }
  return sieve;
}

/**
 * The first rule at or after `start` whose tests all pass, or `chain.n`. This is the engine's hot path: a short
 * chain is walked rule by rule, typed-array compares first; a long one asks its sieve for the rules whose header
 * passes and tests only those. Module predicates (compiled on first use) run only for rules whose header passes.
 */
export function findMatch(
  chain: CompiledChain,
  start: number,
  skb: Skb,
  env: EvalEnv,
  inBit: number,
  outBit: number,
): number {
  return chain.n < SIEVE_MIN_RULES
    ? walkMatch(chain, start, skb, env, inBit, outBit)
    : sieveMatch(sieveFor(chain.layout), chain, start, skb, env, inBit, outBit);
}

/** findMatch rule by rule. */
export function walkMatch(
  chain: CompiledChain,
  start: number,
  skb: Skb,
  env: EvalEnv,
  inBit: number,
  outBit: number,
): number {
  const L = chain.layout;
  const n = L.n;
  const s = skb.src | 0;
  const d = skb.dst | 0;
  const pn = skb.protoNum;
  const sp = skb.sport;
  const dp = skb.dport;
  for (let i = start; i < n; i++) {
    if (headerHolds(L, i, s, d, inBit, outBit, pn, sp, dp) && modulesHold(chain, i, skb, env)) return i;
  }
  return n;
}

/** findMatch over the sieve's candidates. */
export function sieveMatch(
  sieve: HeaderSieve,
  chain: CompiledChain,
  start: number,
  skb: Skb,
  env: EvalEnv,
  inBit: number,
  outBit: number,
): number {
  const L = chain.layout;
  const n = L.n;
  const s = skb.src | 0;
  const d = skb.dst | 0;
  const pn = skb.protoNum;
  const sp = skb.sport;
  const dp = skb.dport;
  const bits = sieve.candidates(start, s, d, inBit, outBit, pn, sp, dp);
  const first = start >>> 5;
  for (let w = first; w < bits.length; w++) {
    let word = w === first ? bits[w]! & (-1 << (start & 31)) : bits[w]! | 0;
    while (word !== 0) {
      const low = word & -word;
      const i = (w << 5) + 31 - Math.clz32(low);
      if (i >= n) return n;
      word ^= low;
      if (headerHolds(L, i, s, d, inBit, outBit, pn, sp, dp) && modulesHold(chain, i, skb, env)) return i;
    }
  }
  return n;
}

/** Rule i's header tests (addresses, interfaces, protocol, inline ports), from the layout's arrays. */
function headerHolds(
  L: ChainLayout,
  i: number,
  s: number,
  d: number,
  inBit: number,
  outBit: number,
  pn: number,
  sp: number,
  dp: number,
): boolean {
  const f = L.flags[i]!;
  if (((s & L.srcMask[i]!) === L.srcAddr[i]) === ((f & NEG_SRC) !== 0)) return false;
  if (((d & L.dstMask[i]!) === L.dstAddr[i]) === ((f & NEG_DST) !== 0)) return false;
  if ((L.inSet[i]! & inBit) === 0 || (L.outSet[i]! & outBit) === 0) return false;
  const p = L.proto[i]!;
  if (p !== 0 && (p === pn) === ((f & NEG_PROTO) !== 0)) return false;
  const pp = L.portProto[i]!;
  if (pp !== 0) {
    if (pp !== pn) return false;
    if ((sp >= L.sportLo[i]! && sp <= L.sportHi[i]!) === ((f & NEG_SPORT) !== 0)) return false;
    if ((dp >= L.dportLo[i]! && dp <= L.dportHi[i]!) === ((f & NEG_DPORT) !== 0)) return false;
  }
  return true;
}

/** Rule i's module predicates (compiled on first use), for a rule whose header passed. */
function modulesHold(chain: CompiledChain, i: number, skb: Skb, env: EvalEnv): boolean {
  if ((chain.layout.flags[i]! & HAS_MODULES) === 0) return true;
  const mods = chain.modulesOf(i);
  if (mods === null) return true;
  for (let m = 0; m < mods.length; m++) if (!mods[m]!(skb, env)) return false;
  return true;
}
