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

describe("validation in time slices", () => {
  it("stops at the deadline and goes on where it stopped, with the errors' lines and columns", () => {
    const rules = Array.from({ length: 5000 }, (_, i) => `-A INPUT -s 10.0.${i >> 8}.${i & 255} -j ACCEPT`);
    rules[4000] = "-A INPUT -s 10.0.0.300 -j ACCEPT";
    const text = `*filter\n:INPUT ACCEPT [0:0]\n${rules.join("\n")}\nCOMMIT\n`;
    const lazy = new LazyParse(text);
    let clock = 0;
    // Each look at the clock is one tick: the first slice ends after its first 1,024 lines.
    expect(lazy.validateUntil(1, () => ++clock)).toBe(false);
    expect(lazy.progress).toEqual({ done: 1024, total: 5000 });
    expect(lazy.diagnostics).toEqual([]);
    while (!lazy.validateUntil(clock + 1, () => ++clock));
    expect(lazy.validated).toBe(true);
    expect(lazy.diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([["bad-address", 4003, 13]]);
    expect(lazy.diagnostics).toEqual(parseRuleset(text).diagnostics);
  });
});
