import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Answer, answerDifferences, simulate, toAnswer } from "@nfx/engine";
import { parseRuleset } from "@nfx/iptables-save";
import { toHost, toPacketSpec, validateScenario } from "@nfx/scenario";
import { describe, expect, it } from "vitest";

const dir = join(import.meta.dirname, "kernel");
const names = readdirSync(dir)
  .filter((f) => f.endsWith(".scenario.json"))
  .map((f) => f.slice(0, -".scenario.json".length))
  .sort();

describe("the engine agrees with the kernel's recorded answers", () => {
  it("has recordings to compare with", () => {
    expect(names.length).toBeGreaterThanOrEqual(11);
  });
  for (const name of names) {
    it(name, () => {
      const scenario = validateScenario(JSON.parse(readFileSync(join(dir, `${name}.scenario.json`), "utf8")));
      if (!scenario.ok) throw new Error(JSON.stringify(scenario.errors));
      const kernel = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), "utf8")) as Answer;
      const parsed = parseRuleset(scenario.value.ruleset);
      expect(parsed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const result = simulate(toHost(scenario.value), parsed.ruleset, scenario.value.packets.map(toPacketSpec), {
        ...(scenario.value.seed === undefined ? {} : { seed: scenario.value.seed }),
      });
      expect(answerDifferences(kernel, toAnswer(result)).join("\n")).toBe("");
    });
  }
});
