/**
 * Records the sample scenarios on the live kernel and compares with the answers recorded by the reference
 * harness. Needs root and the tools (see preflight); skipped otherwise. The samples are read from
 * $NFX_CONFORMANCE_DIR, else the repository's conformance/kernel.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { validateScenario } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import { preflight, recordScenario } from "../src/index";

const dir = process.env.NFX_CONFORMANCE_DIR ?? fileURLToPath(new URL("../../../conformance/kernel", import.meta.url));
const names = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith(".scenario.json"))
      .map((f) => f.slice(0, -".scenario.json".length))
      .sort()
  : [];
const check = preflight();
const why = !check.ok
  ? `cannot record here: ${check.problems.map((p) => `${p.what} (${p.fix})`).join("; ")}`
  : names.length === 0
    ? `no samples in ${dir} (set NFX_CONFORMANCE_DIR)`
    : "";
if (why) console.warn(`[recorder integration] skipped: ${why}`);

describe.skipIf(why !== "")("recording the samples on the live kernel", () => {
  for (const name of names) {
    it(name, { timeout: 60_000 }, async () => {
      const checked = validateScenario(JSON.parse(readFileSync(join(dir, `${name}.scenario.json`), "utf8")));
      if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
      const scenario = checked.value;
      const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), "utf8"));
      const got = await recordScenario(scenario);
      expect({ ...got, kernel: undefined }).toEqual({ ...expected, kernel: undefined });
    });
  }
});
