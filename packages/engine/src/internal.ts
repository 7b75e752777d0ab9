// Internals for the benchmark and white-box tests; not part of the engine's public API.
export { compileRuleset, findMatch } from "./compile";
export { Simulator } from "./simulator";
export { skbFromSpec } from "./packets";
