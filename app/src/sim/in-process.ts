import { readKernelTrace } from "@nfx/kernel-trace";
import { answerQuery } from "./answer-rules-query";
import { computeSimulation } from "./compute";
import type { Engine, EngineAnswer, OpenOutcome } from "./engine";
import { refuseTooLarge } from "./file-limit";
import { chainAnswer, scenarioFile } from "./handle-request";
import type { ValidationStatus } from "./protocol";
import { countRuleLines, readRulesetFile } from "./read-file";
import { readScenario } from "./read-scenario";
import { createRulesetCache } from "./ruleset-cache";
import {
  handleOf,
  INLINE_RULESET_BYTES,
  isHandle,
  newHandleKey,
  type PageScenario,
  type RulesetSource,
} from "./ruleset-source";
import type { Later } from "./search-index-job";

/** The text of a ruleset as the page holds it; a handle's is read from its Blob. */
const textOf = async (r: RulesetSource) => (isHandle(r) ? r.blob.text() : r);

/**
 * The engine called directly, for unit tests and headless use; each one keeps its own ruleset cache. It keeps
 * the worker's contract about large rulesets: they come and go as handles (ruleset-source.ts).
 */
export function createInProcessEngine(
  opts: {
    /**
     * How background work yields, as in the worker (worker.ts): with it, a ruleset is simulated once indexed and
     * checked in slices run through `later`, and `onValidation` listeners hear how that goes. Without it (most
     * tests), every ruleset is checked in full before it is simulated.
     */
    readonly later?: Later;
    /** Which texts are parsed whole, at once; the others are checked in the background (ruleset-cache.ts). */
    readonly parsesWhole?: (text: string) => boolean;
  } = {},
): Engine {
  const listeners = new Set<(revision: number, status: ValidationStatus) => void>();
  const cache = createRulesetCache({
    ...(opts.later ? { later: opts.later } : {}),
    ...(opts.parsesWhole ? { parsesWhole: opts.parsesWhole } : {}),
    onValidation: (revision, status) => {
      for (const l of listeners) l(revision, status);
    },
  });
  return {
    onValidation(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async simulate(revision, scenario, pins) {
      const r = (scenario as { ruleset?: RulesetSource } | null)?.ruleset;
      const texts = r !== undefined && isHandle(r) ? { ruleset: await r.blob.text() } : {};
      return computeSimulation(revision, scenario, pins, texts, cache);
    },
    async query(query): Promise<EngineAnswer> {
      if (query.kind === "scenario-file")
        return scenarioFile({ ...query.scenario, ruleset: "" }, await textOf(query.scenario.ruleset));
      if (query.kind === "chain") return chainAnswer(query, cache);
      if (query.kind === "kernel-trace") {
        const ruleset = await textOf(query.ruleset);
        const nftables = query.nftables === undefined ? {} : { nftables: query.nftables };
        return { kind: "kernel-trace", trace: readKernelTrace(query.trace, { ruleset, ...nftables }) };
      }
      if (query.kind === "read-scenario") {
        const a = readScenario(await query.file.text(), () => 0);
        if (a.kind !== "scenario") return a;
        if (a.ruleset.kind === "inline") return { kind: "scenario", scenario: a.scenario as PageScenario };
        const { blob, rules } = a.ruleset;
        const ruleset = {
          kind: "handle",
          key: newHandleKey(),
          blob,
          bytes: blob.size,
          rules,
          name: query.name,
        } as const;
        return { kind: "scenario", scenario: { ...(a.scenario as PageScenario), ruleset } };
      }
      if (query.kind !== "edit") {
        const a = answerQuery(query, cache);
        if (a.kind === "edit" || a.kind === "edit-blob" || a.kind === "missing-text" || a.kind === "scenario")
          return { kind: "failed", message: "unexpected answer" };
        return a;
      }
      const a = answerQuery({ kind: "edit", text: await textOf(query.ruleset), edit: query.edit }, cache);
      if (a.kind !== "edit" || !a.ok) return a.kind === "edit" ? a : { kind: "failed", message: "unexpected answer" };
      if (a.text.length <= INLINE_RULESET_BYTES) return { kind: "edit", ok: true, ruleset: a.text };
      const blob = new Blob([a.text], { type: "text/plain" });
      const name = isHandle(query.ruleset) ? query.ruleset.name : "rules.v4";
      const rules = countRuleLines(`\n${a.text}`);
      return {
        kind: "edit",
        ok: true,
        ruleset: { kind: "handle", key: newHandleKey(), blob, bytes: blob.size, rules, name },
      };
    },
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
        if (parse.kind !== "parse") return { kind: "failed", message: "no parse" };
        const clean = !parse.diagnostics.some((d) => d.severity === "error");
        if (!clean || file.size <= INLINE_RULESET_BYTES) return { kind: "parsed", ruleset: text, parse };
        return { kind: "parsed", ruleset: handleOf(file, parse.ruleCount), parse };
      })();
      return { done, cancel: () => {} };
    },
    stop: () => {},
    dispose: () => {},
  };
}
