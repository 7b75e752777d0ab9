import type { Ruleset, TableName } from "@nfx/model";
import type { PacketOutcome, PacketSnapshot } from "../result";
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
}

/**
 * For each trace line of a packet (each `rule` and `policy` step, in order): the rules passed since the previous
 * line of that chain and, for a rule line, the rule that matched, each explained from the packet it saw.
 * Computed on demand from the recorded steps; the traversal records no reasons.
 */
export function explainOutcome(outcome: PacketOutcome, ruleset: Ruleset): RuleReached[][] {
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
    const reach = (k: number, matched: boolean, seen: PacketSnapshot) => {
      const rule = rules[k - 1];
      if (rule)
        line.push({
          table: step.table,
          chain: step.chain,
          rule: k,
          matched,
          packet: seen,
          explanation: explainRule(rule, seen),
        });
    };
    const last = step.kind === "rule" ? step.rule - 1 : rules.length;
    for (let k = step.missedFrom; k <= last; k++) reach(k, false, packet);
    if (step.kind === "rule") {
      reach(step.rule, true, packet);
      if (step.packet) packet = step.packet;
    }
  }
  return out;
}
