// Internals for the benchmark and white-box tests; not part of the engine's public API.
export { compileRuleset, findMatch, interfaceBit, sieveMatch, walkMatch } from "./compile";
export { HeaderSieve } from "./header-sieve";
export { ruleConditions } from "./matches/explain";
export { envFromSnapshot, skbFromSnapshot } from "./matches/snapshot-view";
export { compileNft } from "./nft/program";
export { skbFromSpec } from "./packets";
export { Routing } from "./routing/routing";
export { Simulator } from "./simulator";
