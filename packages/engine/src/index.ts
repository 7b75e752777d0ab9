import type { Host, PacketSpec, Ruleset } from "@nfx/model";
import type { SimulationResult } from "./result";
import { Simulator, type SimulatorOptions } from "./simulator";

export type { StatisticPins } from "./compile";
export { type ConntrackConfig, conntrackConfig } from "./conntrack/config";
export { conntrackLater, formatProcEntry, type ProcOptions } from "./conntrack/proc";
export { CONDITION_CODES, type ConditionCode, type RuleState } from "./matches/condition";
export {
  type ConditionResult,
  type ExplainContext,
  explainRule,
  type RuleExplanation,
  type StateAnswer,
} from "./matches/explain";
export { explainOutcome, type RuleReached } from "./matches/explain-outcome";
export * from "./result";
export { Simulator, type SimulatorOptions } from "./simulator";
export {
  type ChangedField,
  explainTarget,
  type FieldChange,
  type TargetEffect,
  type TargetEffectKind,
} from "./targets";

/** Runs packets through a host in order and returns every outcome, the host's answers, conntrack and counters. */
export function simulate(
  host: Host,
  ruleset: Ruleset,
  packets: readonly PacketSpec[],
  options: SimulatorOptions = {},
): SimulationResult {
  const sim = new Simulator(host, ruleset, options);
  const outcomes = packets.map((p) => sim.send(p));
  return {
    packets: outcomes,
    responses: sim.responses(),
    conntrack: sim.conntrack(),
    conntrackTable: sim.conntrackTable(),
    counters: sim.counters(),
  };
}
