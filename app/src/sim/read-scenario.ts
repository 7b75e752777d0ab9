import { validateScenario } from "@nfx/scenario";
import { countRuleLines } from "./read-file";
import type { RulesQueryAnswer } from "./rules-query";
import { INLINE_RULESET_BYTES } from "./ruleset-source";

/**
 * A scenario file read where the engine runs (share/file.ts reads small ones on the page): JSON, then the
 * scenario format, each error by its JSON path. A large ruleset in it is kept here by `keep` and goes back as a
 * Blob, so a node's saved scenario (75 MB) opens without its text ever reaching the page.
 */
export function readScenario(
  text: string,
  keep: (ruleset: string) => number,
): Extract<RulesQueryAnswer, { readonly kind: "scenario" | "scenario-error" }> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { kind: "scenario-error", reason: "not-json", message: e instanceof Error ? e.message : String(e) };
  }
  const checked = validateScenario(doc);
  if (!checked.ok)
    return {
      kind: "scenario-error",
      reason: "invalid",
      errors: checked.errors.map((e) => `${e.path || "(document)"}: ${e.message}`),
    };
  const scenario = checked.value;
  if (scenario.ruleset.length <= INLINE_RULESET_BYTES)
    return { kind: "scenario", scenario, ruleset: { kind: "inline" } };
  const blob = new Blob([scenario.ruleset], { type: "text/plain" });
  const rules = countRuleLines(`\n${scenario.ruleset}`);
  const textId = keep(scenario.ruleset);
  return { kind: "scenario", scenario: { ...scenario, ruleset: "" }, ruleset: { kind: "held", textId, blob, rules } };
}
