import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatRuleset, parseRuleset } from "../src/index";
import { CONFORMANCE, PERF } from "./fixtures";

describe("real iptables-save files print back byte for byte", () => {
  for (const file of readdirSync(PERF).filter((f) => f.endsWith(".v4"))) {
    it(file, () => {
      const text = readFileSync(`${PERF}/${file}`, "utf8");
      const result = parseRuleset(text);
      expect(result.diagnostics).toEqual([]);
      const out = formatRuleset(result.ruleset, {
        counters: result.ruleCounters,
        header: result.header,
        footer: result.footer,
      });
      expect(out === text).toBe(true);
    }, 120_000);
  }
});

describe("conformance scenario rulesets", () => {
  const withRuleset = readdirSync(CONFORMANCE)
    .filter((f) => f.endsWith(".scenario.json"))
    // The native nftables samples have no iptables ruleset: nothing of iptables-save to print back.
    .filter((f) => typeof JSON.parse(readFileSync(`${CONFORMANCE}/${f}`, "utf8")).ruleset === "string");
  for (const file of withRuleset) {
    it(file, () => {
      const { ruleset: text } = JSON.parse(readFileSync(`${CONFORMANCE}/${file}`, "utf8")) as { ruleset: string };
      const result = parseRuleset(text);
      expect(result.diagnostics).toEqual([]);
      const out = formatRuleset(result.ruleset);
      // Scenario files are hand-written; once printed, the text is iptables-save's and must be stable.
      expect(formatRuleset(parseRuleset(out).ruleset)).toBe(out);
      const canonical = text
        .split("\n")
        .filter((l) => !/ --syn | -j CT --notrack| --set-mark |-m conntrack --ctstate NEW -p| -j REJECT$/.test(l));
      for (const line of canonical) expect(out.split("\n")).toContain(line);
    }, 120_000);
  }
});
