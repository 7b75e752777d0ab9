import { readFileSync } from "node:fs";
import { formatRuleset, parseRuleset } from "@nfx/iptables-save";
import { applyEdit, type RulesetEdit } from "@nfx/ruleset-edit";
import { describe, expect, it } from "vitest";
import { answerQuery } from "./answer-rules-query";
import { createRulesetCache } from "./ruleset-cache";
import { INLINE_RULESET_BYTES } from "./ruleset-source";

// kube-1000 is above the size the page keeps: the worker edits it in place.
const NODE = readFileSync(new URL("../../../../shared/perf/rulesets/kube-1000.v4", import.meta.url), "utf8");
const rule = (line: string) =>
  parseRuleset(`*nat\n:X - [0:0]\n:Y - [0:0]\n${line}\nCOMMIT\n`).ruleset.tables[0]!.chains[0]!.rules[0]!;

/** The edit as the general path makes it: applied to the whole ruleset, which is printed again. */
function printedAgain(edit: RulesetEdit) {
  const parsed = parseRuleset(NODE);
  const r = applyEdit(parsed.ruleset, edit);
  return r.ok ? { ok: true, text: formatRuleset(r.ruleset) } : { ok: false, reason: r.reason };
}

const meaning = (text: string) => formatRuleset(parseRuleset(text).ruleset);

describe("an edit of a node's ruleset in the worker", () => {
  it("is written where the chain is, and means what the general path's text means", () => {
    expect(NODE.length).toBeGreaterThan(INLINE_RULESET_BYTES);
    const edit: RulesetEdit = {
      kind: "insert",
      table: "nat",
      chain: "KUBE-SERVICES",
      index: 0,
      rule: rule("-A X -s 10.9.9.9/32 -j RETURN"),
    };
    const a = answerQuery({ kind: "edit", text: NODE, edit }, createRulesetCache());
    if (a.kind !== "edit" || !a.ok) throw new Error(JSON.stringify(a));
    // Every line of the file is where it was, one added.
    expect(a.text.length).toBe(NODE.length + "-A KUBE-SERVICES -s 10.9.9.9/32 -j RETURN\n".length);
    const full = printedAgain(edit);
    expect(full.ok && meaning(a.text)).toBe(full.ok && meaning(full.text!));
  });

  it("is refused as iptables refuses it, with the general path's reason", () => {
    // A DNAT reached from POSTROUTING: the whole-table check refuses it.
    const edit: RulesetEdit = {
      kind: "append",
      table: "nat",
      chain: "KUBE-POSTROUTING",
      rule: rule("-A X -p tcp -j DNAT --to-destination 10.0.0.1:80"),
    };
    const a = answerQuery({ kind: "edit", text: NODE, edit }, createRulesetCache());
    const full = printedAgain(edit);
    expect(full.ok).toBe(false);
    expect(a).toEqual({ kind: "edit", ok: false, reason: full.reason });
  });
});
