import { describe, expect, it } from "vitest";
import { parseRuleset } from "../src";
import { KNOWN_EXTENSION_TARGETS, TARGET_MODULES } from "../src/targets/registry";

describe("the target registry", () => {
  it("lists no modelled target among the unmodelled extensions", () => {
    expect([...KNOWN_EXTENSION_TARGETS].filter((name) => TARGET_MODULES.has(name))).toEqual([]);
  });

  it("parses CONNMARK as the modelled target, not as an unsupported one", () => {
    const parsed = parseRuleset(
      "*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j CONNMARK --restore-mark\nCOMMIT\n",
    );
    expect(parsed.diagnostics).toEqual([]);
    const rule = parsed.ruleset.tables[0]!.chains[0]!.rules[0]!;
    expect(rule.target).toMatchObject({ kind: "CONNMARK", mode: "restore" });
  });
});
