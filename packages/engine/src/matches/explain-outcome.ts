import type { Ruleset, TableName } from "@nfx/model";
import type { StatisticPins } from "../compile";
import type { PacketOutcome, PacketSnapshot } from "../result";
import { explainTarget, type TargetEffect } from "../targets";
import { explainRule, type RuleExplanation } from "./explain";

/** A rule a packet reached: passed (some condition failed) or the one that matched, with why. */
export interface RuleReached {
  readonly table: TableName;
  readonly chain: string;
  /** 1-based position in its chain. */
  readonly rule: number;
  readonly matched: boolean;
  /** The packet as the rule saw it. */
  readonly packet: PacketSnapshot;
  readonly explanation: RuleExplanation;
  /** For the rule that matched: what its target did. */
  readonly target: TargetEffect | null;
}

/**
 * For each trace line of a packet (each `rule` and `policy` step, in order): the rules passed since the previous
 * line of that chain and, for a rule line, the rule that matched, each explained from the packet it saw.
 * Computed on demand from the recorded steps; the traversal records no reasons.
 */
export function explainOutcome(
  outcome: PacketOutcome,
  ruleset: Ruleset,
  pins: StatisticPins = new Map(),
): RuleReached[][] {
  const out: RuleReached[][] = [];
  let packet: PacketSnapshot | null = null;
  const rulesOf = (table: TableName, chain: string) =>
    ruleset.tables.find((t) => t.name === table)?.chains.find((c) => c.name === chain)?.rules ?? [];
  for (const step of outcome.steps) {
    if (step.kind === "chain") packet = step.packet;
    if (step.kind !== "rule" && step.kind !== "policy") continue;
    const line: RuleReached[] = [];
    out.push(line);
    if (packet === null) continue;
    const rules = rulesOf(step.table, step.chain);
    const reach = (k: number, seen: PacketSnapshot, after: PacketSnapshot | null) => {
      const rule = rules[k - 1];
      if (!rule) return;
      const matched = after !== null;
      const statisticPin = pins.get(`${step.table}:${step.chain}:${k}`);
      line.push({
        table: step.table,
        chain: step.chain,
        rule: k,
        matched,
        packet: seen,
        explanation: explainRule(rule, seen, statisticPin === undefined ? { matched } : { matched, statisticPin }),
        target: after ? explainTarget(rule.target, seen, after) : null,
      });
    };
    const last = step.kind === "rule" ? step.rule - 1 : rules.length;
    for (let k = step.missedFrom; k <= last; k++) reach(k, packet, null);
    if (step.kind === "rule") {
      reach(step.rule, packet, step.packet ?? packet);
      if (step.packet) packet = step.packet;
    }
  }
  return out;
}
