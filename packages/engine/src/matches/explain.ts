import type { Rule } from "@nfx/model";
import type { PacketSnapshot } from "../result";
import type { Condition, ConditionCode, RuleState } from "./condition";
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
  /**
   * true: holds; false: fails; null: depends on rule state the snapshot does not keep (limit, statistic) and
   * nothing else tells (see `state`).
   */
  readonly held: boolean | null;
  /** Set for a condition decided by rule state: what it depends on, and how `held` is known. */
  readonly state?: StateAnswer;
}

/**
 * How a stateful condition came out. `pinned`: a person fixed the statistic match's answer (held is the pin);
 * `outcome`: the rule's own outcome tells (it matched, so every condition held; it was passed while every
 * other condition held, so this one failed); null: nothing tells, held is null.
 */
export interface StateAnswer {
  readonly on: RuleState;
  readonly known: "pinned" | "outcome" | null;
}

/** What the caller knows beyond the packet: the rule's outcome in the traversal, and a statistic pin. */
export interface ExplainContext {
  /** true: the rule matched; false: it was passed; absent: not known (a rule the packet did not reach). */
  readonly matched?: boolean;
  /** The rule's pinned statistic answer (`StatisticPins`), when a person pinned it. */
  readonly statisticPin?: boolean;
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
export function explainRule(rule: Rule, snapshot: PacketSnapshot, context: ExplainContext = {}): RuleExplanation {
  const skb = skbFromSnapshot(snapshot);
  const env = envFromSnapshot(snapshot, skb);
  const pin = context.statisticPin;
  const conditions = ruleConditions(rule).map((c): ConditionResult => {
    const base = { code: c.code, option: c.option, invert: c.invert, rule: c.rule, packet: c.packet(skb, env) };
    if (!c.stateful) return { ...base, held: c.test(skb, env) };
    // A pin replaces the whole statistic match in the compiled rule (compile.ts): its answer is the pin.
    if (c.code === "statistic" && pin !== undefined)
      return { ...base, held: pin, state: { on: c.stateful, known: "pinned" } };
    return { ...base, held: null, state: { on: c.stateful, known: null } };
  });
  const decided = fromOutcome(conditions, context.matched);
  return { conditions: decided, firstFailed: decided.find((c) => c.held === false) ?? null };
}

/**
 * The answers the rule's outcome gives to the stateful conditions the snapshot cannot decide: a matched rule
 * had every condition hold; a rule passed while every other condition held failed at its one stateful condition.
 */
function fromOutcome(conditions: ConditionResult[], matched: boolean | undefined): ConditionResult[] {
  const open = conditions.filter((c) => c.held === null);
  if (matched === undefined || open.length === 0) return conditions;
  if (!matched && (open.length > 1 || conditions.some((c) => c.held === false))) return conditions;
  return conditions.map((c) =>
    c.held === null && c.state ? { ...c, held: matched, state: { ...c.state, known: "outcome" } } : c,
  );
}
