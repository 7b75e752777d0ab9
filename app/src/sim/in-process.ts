import { answerQuery } from "./answer-rules-query";
import { computeSimulation } from "./compute";
import type { Engine } from "./engine";
import { createRulesetCache } from "./ruleset-cache";

/** The engine called directly, for unit tests and headless use; each one keeps its own ruleset cache. */
export function createInProcessEngine(): Engine {
  const cache = createRulesetCache();
  return {
    simulate: async (revision, scenario, pins) => computeSimulation(revision, scenario, pins, {}, cache),
    query: async (query) => answerQuery(query, cache),
    load: async (text) => answerQuery({ kind: "parse", text }, cache),
    stop: () => {},
    dispose: () => {},
  };
}
