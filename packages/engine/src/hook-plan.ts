import {
  chainIndexNamed,
  chainNamed,
  HOOKS,
  type HookName,
  type Ruleset as IptablesRuleset,
  TABLE_HOOKS,
  type TableName,
} from "@nfx/model";
import type { Hook as NftHook, Ruleset as NftRuleset, Table as NftTable } from "@nfx/nftables";

/**
 * What runs at each IPv4 hook, in the kernel's order: iptables-nft's tables, native nftables base chains of the
 * simulated families (ip, inet), conntrack, the NAT core and the confirm step. Pure and computed from the two
 * parsed rulesets alone, so the engine runs it and the app draws it from one source.
 *
 * Kernel facts encoded here (recorded on Linux 6.18 in network namespaces with `nft monitor trace`):
 * - Every base chain is a hook op at its priority; lower runs first, whatever its table or family.
 * - At equal priorities the op registered LATER runs first: `nf_hook_entries_grow()` inserts a new op before
 *   the first existing one whose priority is >= its own. (Two `filter` chains at 0 in tables t1 then t2 of one
 *   `nft -f` file: t2's runs first.) The recorder loads iptables-restore before `nft -f`, and nft registers
 *   chains in file order, so natives run before iptables-nft's tables at an equal priority, and a later
 *   native chain before an earlier one.
 * - nat chains are not hook ops of their own: `nf_nat_register_fn()` registers one NAT core op per hook (at -100
 *   in prerouting/output, 100 in input/postrouting, in all four hooks at once when the first nat chain of the
 *   family appears) and `nf_hook_entries_insert_raw()` keeps the nat chains in the core's own list, by priority.
 *   So a nat chain at prerouting priority 50 runs at -100, before a filter chain at -50 (seen: nat -150 and
 *   nat 50 both ran between filter -120 and filter -50; input nat 20 and 200 both between filter 50 and 150).
 *   The NAT core is registered with the first nat chain, which decides its place among equal priorities.
 * - Conntrack (`nf_conntrack_in`) is an op at -200 in prerouting and output; confirm runs last (INT_MAX) in
 *   input and postrouting. Conntrack is taken as registered before every chain (the host runs it already).
 */

/** The IPv4 hooks and nft's names for them. */
export const NFT_HOOK: Readonly<Record<HookName, NftHook>> = {
  PREROUTING: "prerouting",
  INPUT: "input",
  FORWARD: "forward",
  OUTPUT: "output",
  POSTROUTING: "postrouting",
};

/**
 * Priorities of iptables-nft's base chains, as `nft list ruleset` shows them after iptables-restore (1.8.9):
 * raw -300, mangle -150, nat -100/100, filter 0, and security 150 - not the legacy NF_IP_PRI_SECURITY (50):
 * seen on the kernel, security INPUT runs after nat INPUT.
 */
export function iptablesPriority(table: TableName, hook: HookName): number {
  switch (table) {
    case "raw":
      return -300;
    case "mangle":
      return -150;
    case "nat":
      return natCorePriority(hook as NatHookName);
    case "filter":
      return 0;
    case "security":
      return 150;
  }
}

export const CONNTRACK_PRIORITY = -200;

/** The four hooks where NAT runs. */
export type NatHookName = Exclude<HookName, "FORWARD">;

/** NF_IP_PRI_NAT_DST for destination NAT (prerouting, output), NF_IP_PRI_NAT_SRC for source NAT. */
export function natCorePriority(hook: NatHookName): -100 | 100 {
  return hook === "PREROUTING" || hook === "OUTPUT" ? -100 : 100;
}

/** An iptables-nft table's base chain at a hook (never nat: those run inside the NAT core). */
export interface IptablesChainRef {
  readonly kind: "iptables";
  readonly table: Exclude<TableName, "nat">;
  readonly hook: HookName;
  readonly priority: number;
}

/** iptables-nft's nat table chain of a hook, run by the NAT core. */
export interface IptablesNatChainRef {
  readonly kind: "iptables";
  readonly table: "nat";
  readonly hook: NatHookName;
  readonly priority: -100 | 100;
}

/** A native base chain of a simulated family; `type` is what the chain declares, narrowed by where it runs. */
export interface NativeChainRef<T extends "filter" | "route" | "nat" = "filter" | "route" | "nat"> {
  readonly kind: "native";
  readonly family: "ip" | "inet";
  readonly table: string;
  readonly chain: string;
  readonly type: T;
  readonly hook: HookName;
  readonly priority: number;
  readonly policy: "accept" | "drop";
}

/** One thing the kernel runs at a hook, in order. */
export type HookStep =
  /** A base chain that runs on its own (type filter or route; iptables-nft's raw, mangle, filter, security). */
  | { readonly kind: "chain"; readonly chain: IptablesChainRef | NativeChainRef<"filter" | "route"> }
  /** `nf_conntrack_in()` (prerouting, output). */
  | { readonly kind: "conntrack"; readonly hook: "PREROUTING" | "OUTPUT"; readonly priority: -200 }
  /**
   * The NAT core: for a connection's first packet it runs `chains` in order until one sets a mapping, then
   * applies the connection's binding to every packet. Present at all four NAT hooks once any nat chain exists,
   * even with no chain at this hook (replies are still translated).
   */
  | {
      readonly kind: "nat";
      readonly hook: NatHookName;
      readonly priority: -100 | 100;
      readonly chains: readonly (IptablesNatChainRef | NativeChainRef<"nat">)[];
    }
  /** `nf_conntrack_confirm()`, last in input and postrouting. */
  | { readonly kind: "confirm"; readonly hook: "INPUT" | "POSTROUTING" };

export type HookPlan = Readonly<Record<HookName, readonly HookStep[]>>;

/** A step with the two keys that order it: priority, then registration (later first at equal priority). */
interface Placed {
  readonly step: HookStep;
  readonly priority: number;
  readonly registered: number;
}

/** `type route` changes routing only in output (ip) and, for inet, in prerouting too; elsewhere it filters. */
function chainType(declared: "filter" | "route", family: "ip" | "inet", hook: HookName): "filter" | "route" {
  if (declared !== "route") return "filter";
  return hook === "OUTPUT" || (family === "inet" && hook === "PREROUTING") ? "route" : "filter";
}

/**
 * How a native table stands to iptables-save's tables. A `table ip filter` (or raw, mangle, nat, security) is
 * the same kernel table as iptables-nft's. `nft list ruleset` of a host repeats iptables-nft's tables: a copy
 * whose every chain iptables-save has with as many rules is that listing, and iptables-save's text is taken
 * ("listing-of-iptables"). Otherwise it is what `nft -f` adds after iptables-restore (recorded in
 * nft-native-rule-in-iptables-table): its rules go after iptables' in chains of the same name, and its other
 * chains join the table ("adds-to-iptables").
 */
export type NativeTableRelation = "own" | "listing-of-iptables" | "adds-to-iptables";

export function relationToIptables(iptables: IptablesRuleset, t: NftTable): NativeTableRelation {
  if (t.family !== "ip") return "own";
  const ipt = iptables.tables.find((x) => x.name === t.name);
  if (!ipt) return "own";
  const listing = t.chains.every((c) => ipt.chains.find((x) => x.name === c.name)?.rules.length === c.rules.length);
  return listing ? "listing-of-iptables" : "adds-to-iptables";
}

/** The native tables iptables-save's text replaces (see `relationToIptables`); the caller says so. */
export function shadowedNativeTables(iptables: IptablesRuleset, nft: NftRuleset | null): NftTable[] {
  return (nft?.tables ?? []).filter((t) => relationToIptables(iptables, t) === "listing-of-iptables");
}

/** The native ruleset the engine runs beside `iptables`: without the listings of iptables-nft's tables. */
export function nativeRulesetBeside(iptables: IptablesRuleset, nft: NftRuleset | null): NftRuleset {
  const shadowed = new Set(shadowedNativeTables(iptables, nft));
  return { tables: (nft?.tables ?? []).filter((t) => !shadowed.has(t)) };
}

/** The plan of every hook for a host with these rulesets (`nft` may be absent: iptables only). */
export function hookPlan(iptables: IptablesRuleset, nftGiven: NftRuleset | null): HookPlan {
  const nft = nativeRulesetBeside(iptables, nftGiven);
  const placed: Record<HookName, Placed[]> = { PREROUTING: [], INPUT: [], FORWARD: [], OUTPUT: [], POSTROUTING: [] };
  const natChains: Record<NatHookName, { ref: IptablesNatChainRef | NativeChainRef<"nat">; registered: number }[]> = {
    PREROUTING: [],
    INPUT: [],
    OUTPUT: [],
    POSTROUTING: [],
  };
  let seq = 1;
  let natCoreAt: number | null = null;
  for (const hook of ["PREROUTING", "OUTPUT"] as const) {
    placed[hook].push({
      step: { kind: "conntrack", hook, priority: -200 },
      priority: CONNTRACK_PRIORITY,
      registered: 0,
    });
  }
  for (const table of iptables.tables) {
    if (table.name === "nat") natCoreAt ??= seq;
    // The table's built-in chains in the order it declares them, found by name: a node's 178,795 user chains
    // are not walked for the five that register hooks.
    const builtins = TABLE_HOOKS[table.name]
      .map((hook) => ({ hook, at: chainIndexNamed(table, hook) }))
      .filter((b) => b.at >= 0)
      .sort((a, b) => a.at - b.at);
    for (const { hook } of builtins) {
      const registered = seq++;
      if (table.name === "nat") {
        const h = hook as NatHookName;
        natChains[h].push({
          ref: { kind: "iptables", table: "nat", hook: h, priority: natCorePriority(h) },
          registered,
        });
      } else {
        const priority = iptablesPriority(table.name, hook);
        placed[hook].push({
          step: { kind: "chain", chain: { kind: "iptables", table: table.name, hook, priority } },
          priority,
          registered,
        });
      }
    }
  }
  for (const table of nft.tables) {
    if (table.family !== "ip" && table.family !== "inet") continue;
    const family = table.family;
    // Chains iptables-save also has take the native rules after its own: they run as iptables' chain.
    const merged = relationToIptables(iptables, table) === "adds-to-iptables";
    const iptTable = iptables.tables.find((x) => x.name === table.name);
    for (const chain of table.chains) {
      const base = chain.base;
      if (!base || (merged && iptTable && chainNamed(iptTable, chain.name))) continue;
      const hook = HOOKS.find((h) => NFT_HOOK[h] === base.hook);
      if (!hook) continue; // ingress/egress: parsed and shown, not simulated
      const registered = seq++;
      const common = {
        kind: "native",
        family,
        table: table.name,
        chain: chain.name,
        hook,
        policy: base.policy,
      } as const;
      const priority = base.priority.value;
      if (base.type === "nat") {
        if (hook === "FORWARD") continue; // nft refuses it; the parser reports it
        natCoreAt ??= registered;
        natChains[hook].push({ ref: { ...common, type: "nat", priority }, registered });
      } else {
        const type = chainType(base.type, family, hook);
        placed[hook].push({ step: { kind: "chain", chain: { ...common, type, priority } }, priority, registered });
      }
    }
  }
  if (natCoreAt !== null) {
    for (const hook of ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"] as const) {
      const priority = natCorePriority(hook);
      // Among nat chains of one hook: by priority, a later one first at an equal priority (the same insert).
      const chains = natChains[hook]
        .slice()
        .sort((a, b) => a.ref.priority - b.ref.priority || b.registered - a.registered)
        .map((c) => c.ref);
      placed[hook].push({ step: { kind: "nat", hook, priority, chains }, priority, registered: natCoreAt });
    }
  }
  const plan = {} as Record<HookName, HookStep[]>;
  for (const hook of HOOKS) {
    const steps = placed[hook]
      .sort((a, b) => a.priority - b.priority || b.registered - a.registered)
      .map((p) => p.step);
    if (hook === "INPUT" || hook === "POSTROUTING") steps.push({ kind: "confirm", hook });
    plan[hook] = steps;
  }
  return plan;
}

/** How a step is named in the trace and in the app: `filter`, `inet fw input`, `nat core`. */
export function nativeTableLabel(family: "ip" | "inet", table: string): string {
  // A native `table ip filter` is the same kernel table as iptables-nft's: its lines read the same way.
  return family === "ip" ? table : `${family} ${table}`;
}
