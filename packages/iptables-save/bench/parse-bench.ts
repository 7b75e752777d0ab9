import { parseRuleset } from "../src/index";

/**
 * Parses `text` once and reports how long it took, for the lead's benchmark harness. Call it a few times
 * and keep the later figures: the first runs include JIT warm-up.
 */
export function benchParse(text: string): { ms: number; rules: number } {
  // `performance` is not in the ES2023 lib the packages compile against, but every runtime we target has it.
  const clock = (globalThis as unknown as { performance: { now(): number } }).performance;
  const now = () => clock.now();
  const start = now();
  const { ruleset } = parseRuleset(text);
  const ms = now() - start;
  let rules = 0;
  for (const table of ruleset.tables) for (const chain of table.chains) rules += chain.rules.length;
  return { ms, rules };
}
