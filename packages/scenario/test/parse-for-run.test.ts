import { parseRulesetLazy, parsesWhole } from "@nfx/iptables-save";
import { describe, expect, it } from "vitest";
import { runScenario, toAnswer } from "../src";

const HOST = { interfaces: [{ name: "eth0", addr: "10.0.0.1/24" }], conntrack: "auto" };
const packet = (dport: number) => ({
  from: "eth0",
  proto: "tcp",
  src: "10.0.0.2",
  sport: 40000,
  dst: "10.0.0.1",
  dport,
});

/** A filter INPUT of `rules` port rules (the last one drops port 22), with an error on `badLine` if given. */
function ruleset(rules: number, badLine = false): string {
  const lines = ["*filter", ":INPUT ACCEPT [0:0]"];
  for (let i = 1; i < rules; i++)
    lines.push(
      `-A INPUT -s 10.${(i >> 8) & 255}.${i & 255}.0/24 -p tcp -m tcp --dport ${1000 + (i % 50000)} -j ACCEPT`,
    );
  if (badLine) lines.push("-A INPUT -p tcp --dport 22 -j NO-SUCH-TARGET");
  lines.push("-A INPUT -p tcp -m tcp --dport 22 -j DROP", "COMMIT", "");
  return lines.join("\n");
}

describe("runScenario's default parse", () => {
  // Small rulesets are parsed whole and large ones lazily: either way the answer is the full parse's.
  for (const [label, rules] of [
    ["a small ruleset (parsed whole)", 50],
    ["a ruleset past the size where parsing turns lazy", 40_000],
  ] as const) {
    it(`gives the lazy parse's answer and warnings for ${label}`, () => {
      const text = ruleset(rules);
      expect(parsesWhole(text, "after-check")).toBe(rules === 50);
      const doc = { host: HOST, ruleset: text, packets: [packet(22), packet(1001), packet(80)] };
      const ours = runScenario(doc);
      const lazy = runScenario(doc, { parse: parseRulesetLazy });
      expect(ours.kind).toBe("ran");
      if (ours.kind !== "ran" || lazy.kind !== "ran") return;
      expect(toAnswer(ours.result)).toEqual(toAnswer(lazy.result));
      expect(ours.parsed.diagnostics).toEqual(lazy.parsed.diagnostics);
      expect(ours.result.packets[0]!.trace).toEqual([`filter:INPUT:rule:${rules}:DROP`]);
    });
  }

  it("refuses a small ruleset with an error where the lazy parse does, with the same diagnostics", () => {
    const doc = { host: HOST, ruleset: ruleset(50, true), packets: [packet(22)] };
    const ours = runScenario(doc);
    const lazy = runScenario(doc, { parse: parseRulesetLazy });
    expect(ours.kind).toBe("invalid-ruleset");
    if (ours.kind !== "invalid-ruleset" || lazy.kind !== "invalid-ruleset") return;
    expect(ours.errors).toEqual(lazy.errors);
  });
});
