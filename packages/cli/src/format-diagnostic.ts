import type { Diagnostic } from "@nfx/iptables-save";

/** `file:line:column: message`, the way compilers say it, so editors can jump there. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`;
}
