// Internals for the benchmark and white-box tests; not part of the engine's public API.
export { compileRuleset, findMatch } from "./compile";
export { skbFromSpec } from "./packets";
export { Simulator } from "./simulator";
