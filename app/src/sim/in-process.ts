import { answerQuery } from "./answer-rules-query";
import { computeSimulation } from "./compute";
import type { Engine, OpenOutcome } from "./engine";
import { refuseTooLarge } from "./file-limit";
import { readRulesetFile } from "./read-file";
import { createRulesetCache } from "./ruleset-cache";

/** The engine called directly, for unit tests and headless use; each one keeps its own ruleset cache. */
export function createInProcessEngine(): Engine {
  const cache = createRulesetCache();
  return {
    simulate: async (revision, scenario, pins) => computeSimulation(revision, scenario, pins, {}, cache),
    query: async (query) => answerQuery(query, cache),
    open(file, onProgress) {
      const done = (async (): Promise<OpenOutcome> => {
        const refused = refuseTooLarge(file);
        if (refused) return refused;
        const total = file.size;
        let seen = 0;
        const text = await readRulesetFile(file, ({ bytes, rules }) => {
          seen = rules;
          onProgress({ phase: "reading", bytes, total, rules });
        });
        onProgress({ phase: "parsing", bytes: total, total, rules: seen });
        const parse = answerQuery({ kind: "parse", text }, cache);
        return parse.kind === "parse" ? { kind: "parsed", text, parse } : { kind: "failed", message: "no parse" };
      })();
      return { done, cancel: () => {} };
    },
    stop: () => {},
    dispose: () => {},
  };
}
