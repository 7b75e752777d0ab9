import type { Rule } from "@nfx/model";
import type { PacketSnapshot } from "../result";
import type { Condition, ConditionCode } from "./condition";
import { headerConditions } from "./header";
import { matchConditions } from "./index";
import { envFromSnapshot, skbFromSnapshot } from "./snapshot-view";

/** One condition of a rule, checked against a packet: what was compared and how it came out. */
export interface ConditionResult {
  readonly code: ConditionCode;
  /** The option as iptables-save writes it (`--dport`). */
  readonly option: string;
  readonly invert: boolean;
  /** The rule's operand (`22`, `10.0.0.0/8`); empty for a bare flag (`--ecn-tcp-ece`). */
  readonly rule: string;
  /** The packet's value compared, in the same notation; null: the packet has none (no connection, no socket). */
  readonly packet: string | null;
  /** true: holds; false: fails; null: depends on rule state the snapshot does not keep (limit, statistic). */
  readonly held: boolean | null;
}

export interface RuleExplanation {
  /** Every condition, in the order the kernel tests them. */
  readonly conditions: readonly ConditionResult[];
  /** The first condition that fails: why the rule was passed. */
  readonly firstFailed: ConditionResult | null;
}

/** The conditions of a rule in the kernel's order: the generic header, then each match module as written. */
export function ruleConditions(rule: Rule): Condition[] {
  const out = headerConditions(rule);
  for (const match of rule.matches) out.push(...matchConditions(match));
  return out;
}

/**
 * Why `rule` did or did not match the packet `snapshot` shows, by the engine's own tests run on that snapshot.
 * Called on demand (a view, `nfx trace --explain`), never during traversal: the rule loop stays compiled.
 */
export function explainRule(rule: Rule, snapshot: PacketSnapshot): RuleExplanation {
  const skb = skbFromSnapshot(snapshot);
  const env = envFromSnapshot(snapshot, skb);
  const conditions = ruleConditions(rule).map(
    (c): ConditionResult => ({
      code: c.code,
      option: c.option,
      invert: c.invert,
      rule: c.rule,
      packet: c.packet(skb, env),
      held: c.stateful ? null : c.test(skb, env),
    }),
  );
  return { conditions, firstFailed: conditions.find((c) => c.held === false) ?? null };
}
