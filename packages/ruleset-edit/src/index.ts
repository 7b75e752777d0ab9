// Which hooks reach a chain is the table check's own answer, shared with the parser.
export { reachingHooks } from "@nfx/iptables-save";
export { applyEdit, type EditResult } from "./apply-edit";
export { chainNameProblem } from "./chain-names";
export { type ChainHit, searchChains } from "./chain-search";
export { editedText } from "./edited-text";
export type { RulesetEdit } from "./edits";
export { describeEdit } from "./edits";
export { EditHistory } from "./history";
export { indexFromRuleset } from "./index-from-model";
export { type KubeEndpoint, type KubeService, kubeService, recognizeChain } from "./kube";
export {
  isKubeProxyNftTable,
  type KubeNftEndpoint,
  type KubeNftService,
  kubeNftService,
  kubeNftServices,
  type NumgenPin,
  recognizeNftChain,
  servicePortName,
} from "./kube-nft";
export { type KubeServiceEntry, kubeServiceDirectory } from "./kube-services";
export type { RulesetIndex } from "./ruleset-index";
export { SaveTextScan, type ScanStep } from "./scan-save-text";
export { type SearchHit, searchRules } from "./search";
export { type TargetCheck, targetAllowed } from "./target-allowed";
