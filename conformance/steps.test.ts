import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { runScenario } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import { stepsText } from "./steps-text";

/**
 * Goldens of what the app draws: NAME.steps.txt beside each scenario holds its steps and explanations
 * (see steps-text.ts). A change that alters what a learner sees shows up in review as a diff of those files.
 * `npm run goldens:steps` writes them again after an intended change.
 */
const root = import.meta.dirname;
const update = process.env.UPDATE_STEPS === "1";

function scenarios(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return scenarios(path);
      return name.endsWith(".scenario.json") ? [path] : [];
    });
}

describe("the steps and explanations the app shows, against their reviewed goldens", () => {
  for (const file of scenarios(root)) {
    it(relative(root, file), () => {
      const run = runScenario(JSON.parse(readFileSync(file, "utf8")));
      if (run.kind !== "ran") throw new Error(JSON.stringify(run.errors));
      const text = stepsText(run.result, run.parsed.ruleset, run.nft?.ruleset);
      const golden = file.replace(/\.scenario\.json$/, ".steps.txt");
      if (update) writeFileSync(golden, text);
      else if (!existsSync(golden))
        throw new Error(`${relative(root, golden)} is missing: run npm run goldens:steps and review it`);
      expect(text).toBe(readFileSync(golden, "utf8"));
    });
  }
});
