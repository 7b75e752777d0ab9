import { type Scenario, validateScenario } from "@nfx/scenario";
import { inlineScenario, type PageScenario } from "../state/ruleset";
import type { AppStore } from "../state/store";

export type OpenedFile =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly reason: "not-json"; readonly message: string }
  | { readonly ok: false; readonly reason: "invalid"; readonly errors: readonly string[] };

/**
 * Reads a small scenario file's text on the page: JSON, then the scenario format, each error located by its
 * JSON path. A large one (over INLINE_RULESET_BYTES) is read by the engine instead (sim/read-scenario.ts), where
 * its ruleset stays.
 */
export function parseScenarioFile(text: string): OpenedFile {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: "not-json", message: e instanceof Error ? e.message : String(e) };
  }
  const checked = validateScenario(doc);
  if (!checked.ok) {
    return {
      ok: false,
      reason: "invalid",
      errors: checked.errors.map((e) => `${e.path || "(document)"}: ${e.message}`),
    };
  }
  return { ok: true, scenario: checked.value };
}

/** `home-router.scenario.json`: the scenario's name, reduced to characters every file system accepts. */
export function fileNameFor(scenario: Pick<Scenario, "name">): string {
  const base = (scenario.name ?? "scenario").replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|-+$/g, "");
  return `${base || "scenario"}.scenario.json`;
}

export function scenarioFileText(scenario: Scenario): string {
  return `${JSON.stringify(scenario, null, 2)}\n`;
}

/** Offers the scenario as a download. */
export function downloadScenario(scenario: Scenario): void {
  download(fileNameFor(scenario), new Blob([scenarioFileText(scenario)], { type: "application/json" }));
}

/**
 * Offers the scenario as a download, whatever holds its ruleset: a ruleset held in the worker (a node's dump)
 * is written into the file there, as a Blob, so the page never holds its text. Resolves false when the engine
 * could not build the file.
 */
export async function saveScenario(scenario: PageScenario, store: AppStore): Promise<boolean> {
  const doc = inlineScenario(scenario);
  if (doc) {
    downloadScenario(doc);
    return true;
  }
  const blob = await store.getState().scenarioFile(scenario);
  if (!blob) return false;
  download(fileNameFor(scenario), blob);
  return true;
}

/** Offers a text (a ruleset draft) as a download. */
export function downloadText(name: string, text: string): void {
  download(name, new Blob([text], { type: "text/plain" }));
}

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
