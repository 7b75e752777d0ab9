import { type HookName, isBuiltinChain, type Rule, type Ruleset, type TableName } from "@nfx/model";
import type { EvalEnv } from "./env";
import { compileMatch, matchNeedsConntrack, type Predicate } from "./matches";
import { protoNumber } from "./matches/header";
import { CompiledChain, RuleBlob } from "./rule-blob";
import type { Skb } from "./skb";
import { compileAction, targetNeedsConntrack } from "./targets";

/** Bit 31 of an interface set stands for "no interface" (`-o` tested in INPUT, say). */
const NO_IFACE_BIT = 0x80000000 | 0;

const NEG_SRC = 1;
const NEG_DST = 2;
const NEG_PROTO = 4;
const NEG_SPORT = 8;
const NEG_DPORT = 16;

export interface CompiledRuleset {
  readonly chains: ReadonlyMap<TableName, ReadonlyMap<string, CompiledChain>>;
  /** The base chain of `table` at `hook`, if the ruleset declares it (iptables-nft: else it does not exist). */
  base(table: TableName, hook: HookName): CompiledChain | undefined;
  /** True when some rule needs conntrack (a conntrack/state/connmark match, NAT, CONNMARK, CT other than notrack). */
  readonly needsConntrack: boolean;
  readonly hasNatTable: boolean;
}

/** Interface names in the order their bit is assigned: index i is bit i, `lo` is 0. */
export type InterfaceIndex = ReadonlyMap<string, number>;

export function interfaceBit(index: InterfaceIndex, name: string | null): number {
  if (name === null) return NO_IFACE_BIT;
  const i = index.get(name);
  return i === undefined ? 0 : 1 << i;
}

function ifaceSet(index: InterfaceIndex, pattern: string, invert: boolean): number {
  let set = 0;
  const wildcard = pattern.endsWith("+");
  const stem = wildcard ? pattern.slice(0, -1) : pattern;
  for (const [name, i] of index) {
    if (wildcard ? name.startsWith(stem) : name === stem) set |= 1 << i;
  }
  return invert ? ~set : set;
}

/** Compiles a parsed ruleset for one host: interface tests become bit sets over the host's interfaces. */
/**
 * Pinned outcomes of `-m statistic` matches, keyed `table:chain:rule` (1-based rule position): a pinned rule's
 * statistic match always gives that answer, so a person can choose which Kubernetes endpoint a packet takes.
 */
export type StatisticPins = ReadonlyMap<string, boolean>;

export function compileRuleset(
  ruleset: Ruleset,
  interfaces: InterfaceIndex,
  pins: StatisticPins = new Map(),
): CompiledRuleset {
  const chains = new Map<TableName, Map<string, CompiledChain>>();
  let needsConntrack = false;
  let total = 0;
  for (const table of ruleset.tables) for (const chain of table.chains) total += chain.rules.length;
  // One set of arrays for every rule of the ruleset, like the kernel's table blob: 21,000 chains cost
  // 16 allocations, not 16 each.
  const blob = new RuleBlob(total);
  let offset = 0;
  for (const table of ruleset.tables) {
    const byName = new Map<string, CompiledChain>();
    for (const chain of table.chains) {
      const policy = isBuiltinChain(table.name, chain.name) ? (chain.policy ?? "ACCEPT") : null;
      byName.set(chain.name, new CompiledChain(table.name, chain.name, policy, chain.rules, blob, offset));
      offset += chain.rules.length;
    }
    chains.set(table.name, byName);
  }
  for (const byName of chains.values()) {
    for (const chain of byName.values()) {
      chain.rules.forEach((rule, i) => {
        const pin = pins.get(`${chain.table}:${chain.name}:${i + 1}`);
        if (fillRule(chain, i, rule, byName, interfaces, pin)) needsConntrack = true;
      });
    }
  }
  return {
    chains,
    base: (table, hook) => {
      const c = chains.get(table)?.get(hook);
      return c?.isBase ? c : undefined;
    },
    needsConntrack,
    hasNatTable: chains.has("nat"),
  };
}

/** Fills rule `i` of `chain`; returns true when the rule needs conntrack. */
function fillRule(
  chain: CompiledChain,
  i: number,
  rule: Rule,
  chains: ReadonlyMap<string, CompiledChain>,
  interfaces: InterfaceIndex,
  pin: boolean | undefined,
): boolean {
  const b = chain.blob;
  const g = chain.offset + i;
  let neg = 0;
  if (rule.src) {
    b.srcAddr[g] = rule.src.value.addr | 0;
    b.srcMask[g] = rule.src.value.mask | 0;
    if (rule.src.invert) neg |= NEG_SRC;
  }
  if (rule.dst) {
    b.dstAddr[g] = rule.dst.value.addr | 0;
    b.dstMask[g] = rule.dst.value.mask | 0;
    if (rule.dst.invert) neg |= NEG_DST;
  }
  if (rule.inIface) b.inSet[g] = ifaceSet(interfaces, rule.inIface.value, rule.inIface.invert);
  if (rule.outIface) b.outSet[g] = ifaceSet(interfaces, rule.outIface.value, rule.outIface.invert);
  if (rule.proto) {
    b.proto[g] = protoNumber(rule.proto.value);
    if (rule.proto.invert) neg |= NEG_PROTO;
  }
  const modules: Predicate[] = [];
  // Fragments are reassembled by defrag before any chain, so `-f` never matches and `! -f` always does.
  if (rule.fragment && !rule.fragment.invert) modules.push(() => false);
  let needsCt = false;
  let portsInline = false;
  for (const match of rule.matches) {
    if (matchNeedsConntrack(match)) needsCt = true;
    if ((match.module === "tcp" || match.module === "udp") && !portsInline && !("flags" in match && match.flags)) {
      // The common `-p tcp -m tcp --dport 80` goes in the typed arrays, so most rules run no closure at all.
      if (!(match.module === "tcp" && match.option)) {
        portsInline = true;
        b.portProto[g] = protoNumber(match.module);
        if (match.sport) {
          b.sportLo[g] = match.sport.value.from;
          b.sportHi[g] = match.sport.value.to;
          if (match.sport.invert) neg |= NEG_SPORT;
        }
        if (match.dport) {
          b.dportLo[g] = match.dport.value.from;
          b.dportHi[g] = match.dport.value.to;
          if (match.dport.invert) neg |= NEG_DPORT;
        }
        continue;
      }
    }
    const p = match.module === "statistic" && pin !== undefined ? () => pin : compileMatch(match);
    if (p) modules.push(p);
  }
  b.neg[g] = neg;
  b.modules[g] = modules.length ? modules : null;
  const action = compileAction(rule.target, chains);
  b.actions[g] = action;
  if (rule.target && targetNeedsConntrack(rule.target)) needsCt = true;
  return needsCt;
}

/**
 * The first rule at or after `start` whose tests all pass, or `chain.n`. This loop is the engine's hot path:
 * typed-array compares first, module predicates only for rules that pass them.
 */
export function findMatch(
  chain: CompiledChain,
  start: number,
  skb: Skb,
  env: EvalEnv,
  inBit: number,
  outBit: number,
): number {
  const { srcAddr, srcMask, dstAddr, dstMask, inSet, outSet, proto, neg, modules } = chain.blob;
  const { portProto, sportLo, sportHi, dportLo, dportHi } = chain.blob;
  const off = chain.offset;
  const end = off + chain.n;
  const s = skb.src | 0;
  const d = skb.dst | 0;
  const pn = skb.protoNum;
  const sp = skb.sport;
  const dp = skb.dport;
  for (let i = off + start; i < end; i++) {
    const ng = neg[i]!;
    if (((s & srcMask[i]!) === srcAddr[i]) === ((ng & NEG_SRC) !== 0)) continue;
    if (((d & dstMask[i]!) === dstAddr[i]) === ((ng & NEG_DST) !== 0)) continue;
    if ((inSet[i]! & inBit) === 0 || (outSet[i]! & outBit) === 0) continue;
    const p = proto[i]!;
    if (p !== 0 && (p === pn) === ((ng & NEG_PROTO) !== 0)) continue;
    const pp = portProto[i]!;
    if (pp !== 0) {
      if (pp !== pn) continue;
      if ((sp >= sportLo[i]! && sp <= sportHi[i]!) === ((ng & NEG_SPORT) !== 0)) continue;
      if ((dp >= dportLo[i]! && dp <= dportHi[i]!) === ((ng & NEG_DPORT) !== 0)) continue;
    }
    const mods = modules[i];
    if (mods !== null && mods !== undefined) {
      let ok = true;
      for (let m = 0; m < mods.length; m++) {
        if (!mods[m]!(skb, env)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
    }
    return i - off;
  }
  return chain.n;
}
