// Which hooks reach a chain is the table check's own answer, shared with the parser.
export { reachingHooks } from "@nfx/iptables-save";
export { applyEdit, type EditResult } from "./apply-edit";
export { chainNameProblem } from "./chain-names";
export { buildChainIndex, type ChainHit, type ChainIndex, searchChains } from "./chain-search";
export type { RulesetEdit } from "./edits";
export { describeEdit } from "./edits";
export { EditHistory } from "./history";
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
export { buildSearchIndex, type SearchHit, type SearchIndex, searchRules } from "./search";
export { type TargetCheck, targetAllowed } from "./target-allowed";
