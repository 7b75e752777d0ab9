import { LineError } from "./diagnostics";
import type { RulesetBuilder } from "./ruleset-builder";

/**
 * Runs the parse of one line; a LineError becomes an error diagnostic and the line is skipped, so every
 * problem in the file is reported, not just the first. `mapColumn` turns a token column into a position.
 */
export function runLine(
  b: RulesetBuilder,
  line: number,
  work: () => void,
  mapColumn: (column: number) => { line: number; column: number } = (column) => ({ line, column }),
): void {
  try {
    work();
  } catch (e) {
    if (!(e instanceof LineError)) {
      const message = e instanceof Error ? e.message : String(e);
      b.error("internal-error", `internal error: ${message}`, line, 1);
      return;
    }
    const at = mapColumn(e.column || 1);
    const end = e.endColumn !== undefined && at.line === line ? at.column + (e.endColumn - e.column) : undefined;
    b.error(e.code, e.message, at.line, at.column, end, e.hint);
  }
}
