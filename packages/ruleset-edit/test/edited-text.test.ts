import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatRuleset, type ParseResult, parseRuleset, parseRulesetLazy } from "@nfx/iptables-save";
import type { Rule, TableName } from "@nfx/model";
import { describe, expect, it } from "vitest";
import { rng } from "../../cli/test/fuzz/inputs";
import { corpus } from "../../iptables-save/test/corpus";
import { PERF } from "../../iptables-save/test/fixtures";
import { applyEdit, editedText, type RulesetEdit } from "../src";

/** What a ruleset means, as one text: iptables-save's print of its parse, and the parse's diagnostics. */
function meaning(text: string) {
  const p = parseRuleset(text);
  return { text: formatRuleset(p.ruleset, { counters: p.ruleCounters }), diagnostics: p.diagnostics.length };
}

const printed = (parsed: ParseResult, ruleset: ParseResult["ruleset"]) =>
  formatRuleset(ruleset, { header: parsed.header, footer: parsed.footer, counters: parsed.ruleCounters });

/** A random edit of the ruleset's chains: rules taken from anywhere in the same table. */
function randomEdit(random: ReturnType<typeof rng>, parsed: ParseResult): RulesetEdit | null {
  const tables = parsed.ruleset.tables.filter((t) => t.chains.length > 0);
  if (tables.length === 0) return null;
  const table = random.pick(tables);
  const chain = random.pick(table.chains);
  const all: Rule[] = table.chains.flatMap((c) => c.rules);
  const rule = (): Rule => (all.length ? random.pick(all) : { matches: [], target: { kind: "RETURN" } });
  const n = chain.rules.length;
  const t: TableName = table.name;
  const at = (max: number) => random.int(max + 1);
  switch (random.int(8)) {
    case 0:
      return { kind: "append", table: t, chain: chain.name, rule: rule() };
    case 1:
      return { kind: "insert", table: t, chain: chain.name, index: at(n), rule: rule() };
    case 2:
      return n ? { kind: "replace", table: t, chain: chain.name, index: at(n - 1), rule: rule() } : null;
    case 3:
      return n ? { kind: "delete", table: t, chain: chain.name, index: at(n - 1) } : null;
    case 4:
      return n ? { kind: "move", table: t, chain: chain.name, from: at(n - 1), to: at(n - 1) } : null;
    case 5:
      return { kind: "set-policy", table: t, chain: chain.name, policy: random.pick(["ACCEPT", "DROP"] as const) };
    case 6:
      return { kind: "create-chain", table: t, chain: `NEW-${random.int(1000)}` };
    default:
      return { kind: "rename-chain", table: t, chain: chain.name, to: "RENAMED" };
  }
}

describe("an edit written into the text where it is", () => {
  it("means what the whole ruleset printed again means, on every test ruleset (4,000 edits)", () => {
    const random = rng(31);
    let spliced = 0;
    let printedAgain = 0;
    // Texts that print back to what they mean: iptables-save 1.8.9 prints a source NAT's port base as `/0`,
    // which its restore refuses (snat-port-base.test.ts), so printing such a text again changes it; an edit
    // written in place leaves that line as the user wrote it.
    const texts = corpus(false, 60).filter(([, text]) => {
      const p = parseRuleset(text);
      return p.diagnostics.length === 0 && meaning(printed(p, p.ruleset)).diagnostics === 0;
    });
    expect(texts.length).toBeGreaterThan(40);
    for (let i = 0; i < 4000; i++) {
      const [name, text] = random.pick(texts);
      // The lazy parse, as the worker holds a node's ruleset: its chains read when an edit needs them.
      const parsed = random.int(2) ? parseRulesetLazy(text) : parseRuleset(text);
      const edit = randomEdit(random, parsed);
      if (!edit) continue;
      const result = applyEdit(parsed.ruleset, edit);
      if (!result.ok) continue;
      const out = editedText(text, edit, parsed.ruleset, result.ruleset, parsed.ruleCounters);
      if (out === null) {
        printedAgain++;
        continue;
      }
      spliced++;
      expect(meaning(out), `${name}: ${JSON.stringify(edit)}`).toEqual(meaning(printed(parsed, result.ruleset)));
    }
    expect(spliced).toBeGreaterThan(1500);
    expect(printedAgain).toBeGreaterThan(100); // renames, and tables that are not iptables-save's own
  });

  it("leaves every other line of a node's dump as it was", () => {
    const text = readFileSync(join(PERF, "kube-1000.v4"), "utf8");
    const parsed = parseRulesetLazy(text);
    const rule = parseRuleset("*nat\n:X - [0:0]\n-A X -s 10.9.9.9/32 -j RETURN\nCOMMIT\n").ruleset.tables[0]!.chains[0]!
      .rules[0]!;
    const edit: RulesetEdit = { kind: "insert", table: "nat", chain: "KUBE-SERVICES", index: 1, rule };
    const result = applyEdit(parsed.ruleset, edit);
    if (!result.ok) throw new Error(result.reason);
    const out = editedText(text, edit, parsed.ruleset, result.ruleset, false)!;
    const before = text.split("\n");
    const after = out.split("\n");
    expect(after.length).toBe(before.length + 1);
    const first = before.findIndex((l) => l.startsWith("-A KUBE-SERVICES "));
    expect(after[first + 1]).toBe("-A KUBE-SERVICES -s 10.9.9.9/32 -j RETURN");
    expect([...after.slice(0, first + 1), ...after.slice(first + 2)]).toEqual(before);
  });
});
