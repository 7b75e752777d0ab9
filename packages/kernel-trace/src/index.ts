/**
 * @nfx/kernel-trace: the kernel's own traces (`nft monitor trace`, `xtables-monitor --trace`) in the
 * explorer's trace vocabulary; the recorder reads its recordings with it, and a user's pasted trace of a real
 * host is replayed and compared with the engine's.
 */
export { type Comparison, firstDifference } from "./compare";
export {
  type HandleMap,
  parseRulesetJson,
  parseTableListing,
  type RulePosition,
  rulePosition,
  tableLabel,
} from "./handles";
export {
  DSCP_NAMES,
  ECN_NAMES,
  formatHeader,
  type HeaderFields,
  icmpNumber,
  parseNftTcpFlags,
  protoName,
  tcpFlagLetters,
} from "./header";
export { type ListedRule, listIptablesSave, listNft, type RuleListing, ruleText } from "./listing";
export { parseTraceLine, type TraceLine, type TracePacket } from "./nft-monitor";
export { noteText, type TraceFormat, type TraceNote } from "./notes";
export {
  type KernelStep,
  type KernelTrace,
  type ReplayedPacket,
  readKernelTrace,
  type TracedRulesets,
} from "./replay";
export { compareReplay, type ReplayedComparison, type ReplayRun, replayScenario } from "./replay-scenario";
export { verdictWord } from "./verdict";
export { isXtablesTraceLine, parseXtablesLine } from "./xtables-monitor";
