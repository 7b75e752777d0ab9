import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { answerDifferences, checkKernelAnswer, runScenario, toAnswer } from "@nfx/scenario";
import { describe, expect, it } from "vitest";

const root = import.meta.dirname;

/** Every NAME.scenario.json under conformance/ that has the kernel's NAME.expected.json beside it. */
function goldens(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return goldens(path);
      return name.endsWith(".scenario.json") ? [path.slice(0, -".scenario.json".length)] : [];
    });
}

const cases = goldens(root);

describe("the engine agrees with the kernel's recorded answers", () => {
  it("has the kernel's answer for every scenario of the corpus", () => {
    const missing = cases.filter((c) => !existsSync(`${c}.expected.json`)).map((c) => relative(root, c));
    expect(missing).toEqual([]);
    expect(cases.length).toBeGreaterThanOrEqual(11);
  });
  for (const base of cases.filter((c) => existsSync(`${c}.expected.json`))) {
    it(relative(root, base), () => {
      const run = runScenario(JSON.parse(readFileSync(`${base}.scenario.json`, "utf8")));
      if (run.kind !== "ran") throw new Error(JSON.stringify(run.errors));
      expect(run.parsed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const kernel = checkKernelAnswer(JSON.parse(readFileSync(`${base}.expected.json`, "utf8")));
      if (!kernel.ok) throw new Error(JSON.stringify(kernel.errors));
      // A failure prints the kernel's line beside the engine's, packet by packet.
      expect(answerDifferences(kernel.value, toAnswer(run.result)).join("\n")).toBe("");
    });
  }
});
