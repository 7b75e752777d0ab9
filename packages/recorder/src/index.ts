/**
 * @nfx/recorder: runs a scenario on the live Linux kernel (network namespaces, iptables-nft, nft trace,
 * packet captures, conntrack) and returns the kernel's answer in the conformance format.
 */

export { RecorderError, RulesetRefusedError } from "./exec";
export { formatPreflight, type PreflightProblem, type PreflightResult, preflight } from "./preflight";
export { notReproduced, type RecordOptions, recordScenario } from "./record";
