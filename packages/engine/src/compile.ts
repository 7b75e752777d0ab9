import { type HookName, isBuiltinChain, type Rule, type Ruleset, type TableName } from "@nfx/model";
import {
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
import { compileMatch, type Predicate } from "./matches";
import { chainNamed, rulesetNeedsConntrack } from "./ruleset-index";
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
    const found = chainNamed(this.ruleset.tables[t]!, name);
    if (!found) return undefined;
    const { chain, position } = found;
    const policy = isBuiltinChain(table, name) ? (chain.policy ?? "ACCEPT") : null;
    const compiled = new CompiledChain(table, name, policy, chain, layoutOf(chain, this.interfaces, this.key), this);
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

/**
 * The first rule at or after `start` whose tests all pass, or `chain.n`. This loop is the engine's hot path:
 * typed-array compares first, module predicates (compiled on first use) only for rules that pass them.
 */
export function findMatch(
  chain: CompiledChain,
  start: number,
  skb: Skb,
  env: EvalEnv,
  inBit: number,
  outBit: number,
): number {
  const { n, srcAddr, srcMask, dstAddr, dstMask, inSet, outSet, proto, flags } = chain.layout;
  const { portProto, sportLo, sportHi, dportLo, dportHi } = chain.layout;
  const s = skb.src | 0;
  const d = skb.dst | 0;
  const pn = skb.protoNum;
  const sp = skb.sport;
  const dp = skb.dport;
  for (let i = start; i < n; i++) {
    const f = flags[i]!;
    if (((s & srcMask[i]!) === srcAddr[i]) === ((f & NEG_SRC) !== 0)) continue;
    if (((d & dstMask[i]!) === dstAddr[i]) === ((f & NEG_DST) !== 0)) continue;
    if ((inSet[i]! & inBit) === 0 || (outSet[i]! & outBit) === 0) continue;
    const p = proto[i]!;
    if (p !== 0 && (p === pn) === ((f & NEG_PROTO) !== 0)) continue;
    const pp = portProto[i]!;
    if (pp !== 0) {
      if (pp !== pn) continue;
      if ((sp >= sportLo[i]! && sp <= sportHi[i]!) === ((f & NEG_SPORT) !== 0)) continue;
      if ((dp >= dportLo[i]! && dp <= dportHi[i]!) === ((f & NEG_DPORT) !== 0)) continue;
    }
    if ((f & HAS_MODULES) !== 0) {
      let mods = chain.modules[i];
      if (mods === undefined) mods = chain.compileModules(i);
      if (mods !== null && !allHold(mods, skb, env)) continue;
    }
    return i;
  }
  return n;
}

function allHold(mods: readonly Predicate[], skb: Skb, env: EvalEnv): boolean {
  for (let m = 0; m < mods.length; m++) if (!mods[m]!(skb, env)) return false;
  return true;
}
