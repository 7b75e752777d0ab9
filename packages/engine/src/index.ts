import type { Host, PacketSpec, Ruleset } from "@nfx/model";
import type { SimulationResult } from "./result";
import { Simulator, type SimulatorOptions } from "./simulator";

export type { StatisticPins } from "./compile";
export { type ConntrackConfig, conntrackConfig } from "./conntrack/config";
export { conntrackLater, formatProcEntry, type ProcOptions } from "./conntrack/proc";
export {
  CONNTRACK_PRIORITY,
  type HookPlan,
  type HookStep,
  hookPlan,
  type IptablesChainRef,
  type IptablesNatChainRef,
  iptablesPriority,
  type NatHookName,
  type NativeChainRef,
  NFT_HOOK,
  natCorePriority,
  nativeRulesetBeside,
  nativeTableLabel,
  shadowedNativeTables,
} from "./hook-plan";
export { CONDITION_CODES, type ConditionCode, type RuleState } from "./matches/condition";
export {
  type ConditionResult,
  type ExplainContext,
  explainRule,
  type RuleExplanation,
  type StateAnswer,
} from "./matches/explain";
export { explainOutcome, type RuleReached } from "./matches/explain-outcome";
export {
  explainNftOutcome,
  explainNftRule,
  type NftConditionResult,
  type NftRuleExplanation,
  type NftRuleReached,
} from "./nft/explain";
export { monitorVerdict } from "./nft/monitor";
export type { NumgenPins } from "./nft/program";
export { traceTable } from "./outcome";
export { prepareRuleset } from "./prepare";
export * from "./result";
export { Simulator, type SimulatorOptions } from "./simulator";
export {
  type ChangedField,
  explainTarget,
  type FieldChange,
  type TargetEffect,
  type TargetEffectKind,
} from "./targets";
export { warmUpPackets } from "./warm-up";

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
    nftCounters: sim.nftCounters(),
  };
}
