import {
  type ConditionResult,
  type ExplainContext,
  explainRule as engineExplain,
  explainTarget,
  type PacketSnapshot,
  type TargetEffect,
} from "@nfx/engine";
import type { Rule } from "@nfx/model";
import { type Strings, stringsFor } from "../i18n";

/** One condition of a rule, checked against the packet as it stood in that chain, in the user's language. */
export interface ConditionCheck {
  /** The condition as iptables-save writes it (`-s 10.0.0.0/8`, `--dport 22`). */
  readonly text: string;
  /** true: holds; false: does not; null: the engine's answer depends on rule state (limit, statistic). */
  readonly holds: boolean | null;
  /** Why, in plain words, with the packet's own value. */
  readonly why: string;
}

export interface RuleExplanation {
  readonly checks: readonly ConditionCheck[];
  /** The first condition that does not hold: the reason a passed rule did not match. */
  readonly firstMiss: ConditionCheck | null;
}

/** Words for one of the engine's condition results; the engine decided, this only says it. */
export function conditionCheck(c: ConditionResult, t: Strings = stringsFor("en")): ConditionCheck {
  const text = `${c.invert ? "! " : ""}${c.option === "-m" ? `-m ${c.rule}` : `${c.option}${c.rule ? ` ${c.rule}` : ""}`}`;
  const plain = c.held === null ? null : c.held !== c.invert;
  const why = t.explain.why[c.code]({ rule: c.rule, packet: c.packet, plain, held: c.held, state: c.state ?? null });
  return { text, holds: c.held, why };
}

/**
 * Each condition of `rule` against the packet as it entered the chain, in the order the kernel tests them, so the
 * first failing one is the reason a rule was passed ("-s 10.0.0.0/8: 198.51.100.20 is not in it"). The engine
 * answers (`explainRule` in @nfx/engine, from the same tests that decided); this renders its answer.
 */
export function explainRule(
  rule: Rule,
  p: PacketSnapshot,
  t: Strings = stringsFor("en"),
  context: ExplainContext = {},
): RuleExplanation {
  const { conditions, firstFailed } = engineExplain(rule, p, context);
  const say = (c: ConditionResult) => conditionCheck(c, t);
  return { checks: conditions.map(say), firstMiss: firstFailed ? say(firstFailed) : null };
}

/** "-s 10.0.0.0/8: 198.51.100.20 is not in it" — the one-line reason a rule was passed. */
export function missReason(
  rule: Rule,
  p: PacketSnapshot,
  t: Strings = stringsFor("en"),
  context: ExplainContext = {},
): string {
  const { firstMiss, checks } = explainRule(rule, p, t, context);
  if (firstMiss) return `${firstMiss.text}: ${firstMiss.why}`;
  const unsure = checks.find((c) => c.holds === null);
  return unsure ? `${unsure.text}: ${unsure.why}` : t.explain.noMissFound;
}

/** What the matching rule's target did, in words: the engine says what (explainTarget), this only words it. */
export function targetReason(rule: Rule, before: PacketSnapshot, after: PacketSnapshot, t: Strings): string {
  return effectWords(explainTarget(rule.target, before, after), t);
}

export function effectWords(e: TargetEffect, t: Strings): string {
  // The table is keyed by kind, so this function takes this very effect; TypeScript cannot see that.
  return (t.explain.target[e.kind] as (e: TargetEffect) => string)(e);
}
