import { computeSimulation } from "./compute";
import type { Engine } from "./engine";
import { answerQuery } from "./rules-queries";

/** The engine called directly, for unit tests and headless use. */
export function createInProcessEngine(): Engine {
  return {
    simulate: async (revision, scenario, pins) => computeSimulation(revision, scenario, pins),
    query: async (query) => answerQuery(query),
    load: async (text) => answerQuery({ kind: "parse", text }),
    stop: () => {},
    dispose: () => {},
  };
}
