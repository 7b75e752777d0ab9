import { type RunOptions, runScenario, type ScenarioRun } from "@nfx/scenario";
import { formatDiagnostic } from "./format-diagnostic";
import { type Io, UserError } from "./io";

export { formatDiagnostic } from "./format-diagnostic";

export { UserError } from "./io";

export type Ran = Extract<ScenarioRun, { kind: "ran" }>;

/**
 * Reads a scenario file and runs it (see runScenario); a scenario or ruleset that cannot run becomes a
 * UserError listing every problem where it is, and the ruleset's warnings are said on stderr.
 */
export function runScenarioFile(io: Io, path: string, options: RunOptions = {}): Ran {
  const text = io.read(path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
  const run = runScenario(json, options);
  switch (run.kind) {
    case "invalid-scenario":
      throw new UserError(run.errors.map((e) => `${path}: ${e.path || "(top)"}: ${e.message}`));
    case "invalid-ruleset":
      throw new UserError(run.errors.map((d) => formatDiagnostic(`${path} (ruleset)`, d)));
    case "invalid-nftables":
      throw new UserError(run.errors.map((d) => formatDiagnostic(`${path} (nftables)`, d)));
    case "ran":
      for (const w of run.parsed.diagnostics) io.err(formatDiagnostic(`${path} (ruleset)`, w));
      for (const w of run.nft?.diagnostics ?? []) io.err(formatDiagnostic(`${path} (nftables)`, w));
      return run;
  }
}
