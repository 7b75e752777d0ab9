import { readFileSync } from "node:fs";
import { type Diagnostic, parseRuleset } from "@nfx/iptables-save";
import type { Ruleset } from "@nfx/model";
import { type Scenario, validateScenario } from "@nfx/scenario";

/** A failure the CLI reports in plain words and exits with, never as a stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export function readText(path: string): string {
  try {
    return readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(
      `${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String(e)}`,
      2,
    );
  }
}

/** `file:line:column: message`, the way compilers say it, so editors can jump there. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`;
}

export function loadScenario(path: string): { scenario: Scenario; ruleset: Ruleset; warnings: Diagnostic[] } {
  const text = readText(path);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
  const checked = validateScenario(json);
  if (!checked.ok) {
    throw new UserError(checked.errors.map((e) => `${path}: ${e.path || "(top)"}: ${e.message}`).join("\n"));
  }
  const parsed = parseRuleset(checked.value.ruleset);
  const errors = parsed.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) {
    throw new UserError(errors.map((d) => formatDiagnostic(`${path} (ruleset)`, d)).join("\n"));
  }
  const warnings = parsed.diagnostics.filter((d) => d.severity !== "error");
  return { scenario: checked.value, ruleset: parsed.ruleset, warnings };
}
