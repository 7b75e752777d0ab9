import { describe, expect, it } from "vitest";
import { checkRuleset } from "../src/check/check-ruleset";
import { parseRuleset } from "../src/parse-ruleset";
import { corpus } from "./corpus";

/** What `nfx check` says of a text, from the full parse: the diagnostics and what the ruleset holds. */
function verdictOfParse(text: string) {
  const { ruleset, diagnostics, format } = parseRuleset(text);
  const chains = ruleset.tables.reduce((n, t) => n + t.chains.length, 0);
  const rules = ruleset.tables.reduce((n, t) => n + t.chains.reduce((m, c) => m + c.rules.length, 0), 0);
  return { diagnostics, format, tables: ruleset.tables.length, chains, rules };
}

describe("checkRuleset says exactly what the full parse says", () => {
  for (const [name, text] of corpus(true, 400)) {
    it(name, () => expect(checkRuleset(text)).toEqual(verdictOfParse(text)), 60_000);
  }
});
