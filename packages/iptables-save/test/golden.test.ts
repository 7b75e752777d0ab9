import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatRuleset, parseRuleset } from "../src/index";

const dir = join(import.meta.dirname, "cases");
const files = readdirSync(dir);

describe("golden cases: what iptables-save prints for a user's input", () => {
  for (const file of files.filter((f) => f.endsWith(".in.v4"))) {
    const name = file.slice(0, -".in.v4".length);
    it(name, () => {
      const result = parseRuleset(readFileSync(join(dir, file), "utf8"));
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const out = formatRuleset(result.ruleset, { tableOrder: "iptables-save" });
      expect(out).toBe(readFileSync(join(dir, `${name}.out.v4`), "utf8"));
      // What we print must read back to the same text: the output is a fixed point.
      expect(formatRuleset(parseRuleset(out).ruleset, { tableOrder: "iptables-save" })).toBe(out);
    });
  }
});

describe("error cases: every problem is reported with its line and column", () => {
  for (const file of files.filter((f) => f.endsWith(".err.v4"))) {
    const name = file.slice(0, -".err.v4".length);
    it(name, () => {
      const { diagnostics } = parseRuleset(readFileSync(join(dir, file), "utf8"));
      const expected = JSON.parse(readFileSync(join(dir, `${name}.diagnostics.json`), "utf8"));
      const errors = diagnostics.filter((d) => d.severity === "error");
      expect(errors.map(({ line, column, code, message }) => ({ line, column, code, message }))).toEqual(expected);
    });
  }
});
