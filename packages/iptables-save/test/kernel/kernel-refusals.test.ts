import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseRuleset } from "../../src/index";
import { REFUSAL_CASES, refusalCase } from "./refusal-cases";

// What the live kernel's iptables-restore said of each generated file (record-refusals.ts records it again).
const recorded: { recorded: string; answers: (string | { line: number; message: string })[] } = JSON.parse(
  readFileSync(join(import.meta.dirname, "kernel-refusals.json"), "utf8"),
);

describe(`the parser refuses the rule iptables-restore refuses (${recorded.recorded})`, () => {
  it("has an answer for every case", () => {
    expect(recorded.answers).toHaveLength(REFUSAL_CASES);
  });

  it("loops, 16-deep jumps and nat targets through user chains: the same first refusal, line and message", () => {
    const differ: string[] = [];
    recorded.answers.forEach((kernel, k) => {
      const text = refusalCase(k);
      const errors = parseRuleset(text).diagnostics.filter((d) => d.severity === "error");
      // The parser reports every refused rule; iptables-restore stops at its first. The kernel refuses a target
      // in a base chain as it adds the rule, before the whole-table check (loops, depth, targets reached through
      // jumps), whatever the lines' order; within each stage, the first line.
      const base = /^-A (PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING) -j [A-Z]/;
      const lines = text.split("\n");
      const stage = (line: number) => (base.test(lines[line - 1]!) && !/ -j U\d/.test(lines[line - 1]!) ? 0 : 1);
      errors.sort((x, y) => stage(x.line) - stage(y.line) || x.line - y.line);
      const ours = errors.length === 0 ? "ok" : { line: errors[0]!.line, message: errors[0]!.message };
      if (JSON.stringify(ours) !== JSON.stringify(kernel))
        differ.push(`case ${k}: kernel ${JSON.stringify(kernel)}, parser ${JSON.stringify(ours)}`);
    });
    expect(differ).toEqual([]);
  });
});
