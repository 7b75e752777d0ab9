import type { EngineAnswer } from "../sim/engine";
import type { DiagnosticView } from "../sim/protocol";

/**
 * What keeps a checked text (iptables or nft) from being applied: the parser's errors, or the engine's own
 * failure as one error at 1:1; null when the text may be applied. Both text controllers decide through this.
 */
export function draftErrors(answer: EngineAnswer, expected: "parse" | "parse-nft"): readonly DiagnosticView[] | null {
  if (answer.kind !== expected || !("diagnostics" in answer)) {
    const message = answer.kind === "failed" ? answer.message : "no answer";
    return [{ code: "engine", severity: "error", message, line: 1, column: 1 }];
  }
  return answer.diagnostics.some((d) => d.severity === "error") ? answer.diagnostics : null;
}
