import { describe, expect, it } from "vitest";
import { chainRuleCount } from "../src/lazy/lazy-chain";
import { LazyParse, parseRulesetLazy } from "../src/lazy/lazy-parse";
import { parseRuleset } from "../src/parse-ruleset";
import { corpus } from "./corpus";

/** Counters are bigints; JSON has none, so they are compared as their decimal text. */
function json(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? `${v}n` : v));
}

describe("the lazy parse gives exactly the full parse's ruleset and diagnostics", () => {
  for (const [name, text] of corpus(true, 400)) {
    it(name, () => {
      const full = parseRuleset(text);
      // Same objects, same key order, same diagnostics, read all at once.
      expect(json(parseRulesetLazy(text))).toBe(json(full));

      // In slices, with some chains read before validation is done and every count asked before reading.
      const lazy = new LazyParse(text);
      const chains = lazy.ruleset.tables.flatMap((t) => t.chains);
      chains.forEach((c, i) => {
        if (i % 3 === 0) void c.rules;
      });
      // A text the index cannot follow was parsed in full at once; any other is validated 7 lines at a time.
      const inSlices = !lazy.validated;
      let slices = 0;
      while (!lazy.validate(7)) slices++;
      if (inSlices) expect(slices).toBe(Math.max(0, Math.ceil(lazy.progress.total / 7) - 1));
      const counts = chains.map(chainRuleCount);
      expect(counts).toEqual(full.ruleset.tables.flatMap((t) => t.chains.map((c) => c.rules.length)));
      expect(json(lazy.result())).toBe(json(full));
    }, 60_000);
  }
});
