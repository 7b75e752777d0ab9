import type { HookName } from "@nfx/model";
import type { Rule, Ruleset, Table } from "@nfx/nftables";
import type { EvalEnv } from "../env";
import { envFromSnapshot, skbFromSnapshot } from "../matches/snapshot-view";
import type { NativeChainId, PacketOutcome, PacketSnapshot } from "../result";
import type { LoadCtx } from "./load";
import { compileRule, NftChain, type RunCtx, setResolver } from "./program";

/** One test of an nft rule checked against a packet: what was compared and how it came out. */
export interface NftConditionResult {
  /** The test as nft lists it (`tcp dport { 22, 80 }`, `limit rate 5/second`). */
  readonly text: string;
  /** What it reads (`tcp dport`), or the statement's keyword (`limit`). */
  readonly left: string;
  /** The packet's value in nft's notation; null: the packet has none (no TCP header, no connection). */
  readonly packet: string | null;
  /** true: holds; false: fails; null: depends on rule state a snapshot does not keep, or is not simulated. */
  readonly held: boolean | null;
  readonly unsupported?: true;
}

export interface NftRuleExplanation {
  /** Every test in the order nft runs them; a verdict map's lookup is the last (a miss does not match, N6). */
  readonly conditions: readonly NftConditionResult[];
  /** The first test that fails: why the rule was passed. */
  readonly firstFailed: NftConditionResult | null;
}

/** A native rule a packet reached: passed (some test failed) or the one that matched, with why. */
export interface NftRuleReached {
  readonly at: NativeChainId;
  /** 1-based position in its chain, as the trace line numbers it. */
  readonly rule: number;
  readonly matched: boolean;
  readonly packet: PacketSnapshot;
  readonly explanation: NftRuleExplanation;
}

/**
 * Why an nft rule of `table` did or did not match the packet `snapshot` shows, by the engine's own compiled
 * tests run on that snapshot. Statements before a test (`meta mark set 1 meta mark 1`) run first, as in nft.
 */
export function explainNftRule(
  table: Table,
  rule: Rule,
  snapshot: PacketSnapshot,
  hook: HookName = "INPUT",
): NftRuleExplanation {
  const family = table.family === "ip" ? "ip" : "inet";
  const chains = new Map(table.chains.map((c) => [c.name, new NftChain(family, table.name, c.name, c.base, null)]));
  const compiled = compileRule(rule, { family, chains, sets: setResolver(table), pin: undefined });
  const skb = skbFromSnapshot(snapshot);
  const env = envFromSnapshot(snapshot, skb);
  const c: LoadCtx = { env, hook, hookOut: snapshot.outIface, routing: null };
  // Statements that change the packet only need somewhere to log; they never reach the host.
  const run = { ...c, env: { ...env, log: () => {} } as unknown as EvalEnv } as RunCtx;
  const conditions: NftConditionResult[] = [];
  for (const op of compiled.ops) {
    if (op.k === "effect") {
      op.run(skb, run);
      continue;
    }
    const cond = op.cond;
    conditions.push({
      text: cond.text,
      left: cond.left,
      packet: cond.packet(skb, c),
      held: cond.unsupported ? false : cond.stateful ? null : cond.test(skb, c),
      ...(cond.unsupported ? { unsupported: true as const } : {}),
    });
  }
  const t = compiled.terminal;
  if (t.k === "vmap") {
    const key = t.key(skb, c);
    const text = compiled.text;
    const left = text.slice(0, text.indexOf(" vmap "));
    conditions.push({
      text,
      left,
      packet: key === null ? null : String(key),
      held: key === null ? false : t.map.get(key) !== undefined,
    });
  }
  return { conditions, firstFailed: conditions.find((x) => x.held === false) ?? null };
}

/**
 * For each native trace line of a packet (each `nft-rule` and `nft-policy` step, in order): the rules passed
 * since the previous line of that chain and, for a rule line, the rule that matched, each explained from the
 * packet it saw. Computed on demand from the recorded steps, as `explainOutcome` does for iptables.
 */
export function explainNftOutcome(outcome: PacketOutcome, ruleset: Ruleset): NftRuleReached[][] {
  const out: NftRuleReached[][] = [];
  let packet: PacketSnapshot | null = null;
  const tableOf = (at: NativeChainId) => ruleset.tables.find((t) => t.family === at.family && t.name === at.table);
  for (const step of outcome.steps) {
    if (step.kind === "chain" || step.kind === "nft-chain") packet = step.packet;
    if (step.kind !== "nft-rule" && step.kind !== "nft-policy") continue;
    const line: NftRuleReached[] = [];
    out.push(line);
    const table = tableOf(step.at);
    if (packet === null || !table) continue;
    const rules = table.chains.find((c) => c.name === step.at.chain)?.rules ?? [];
    const seen = packet;
    // Rules appended to an iptables chain are numbered after iptables' own; the native chain counts from 1.
    const shift = step.kind === "nft-rule" ? step.rule - step.nativeRule : 0;
    const reach = (k: number, matched: boolean) => {
      const rule = rules[k - 1];
      if (rule) {
        line.push({
          at: step.at,
          rule: k + shift,
          matched,
          packet: seen,
          explanation: explainNftRule(table, rule, seen, step.hook),
        });
      }
    };
    const last = step.kind === "nft-rule" ? step.nativeRule - 1 : rules.length;
    for (let k = Math.max(1, step.missedFrom - shift); k <= last; k++) reach(k, false);
    if (step.kind === "nft-rule") {
      reach(step.nativeRule, true);
      if (step.packet) packet = step.packet;
    }
  }
  return out;
}
