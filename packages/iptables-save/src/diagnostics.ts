/** How bad a diagnostic is: an error line is skipped, a warning line is kept. */
export type Severity = "error" | "warning";

/**
 * One problem found in the user's text. `code` is stable and meant for programs; `message` is modelled on what
 * iptables-restore itself prints. Columns are 1-based; `endColumn` is exclusive.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endColumn?: number;
  /** A plain-language explanation, when the message alone is cryptic (chain loops, wrong hooks). */
  readonly hint?: string;
}

/**
 * Thrown while parsing one line; the driver turns it into a Diagnostic and skips the line. Exceptions are only
 * used for errors, so the common path pays nothing for them.
 */
export class LineError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** 1-based column of the offending token, or 0 for "the whole line". */
    readonly column: number,
    readonly endColumn?: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function diagnostic(
  code: string,
  severity: Severity,
  message: string,
  line: number,
  column: number,
  endColumn?: number,
  hint?: string,
): Diagnostic {
  const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = { code, severity, message, line, column };
  if (endColumn !== undefined) d.endColumn = endColumn;
  if (hint !== undefined) d.hint = hint;
  return d;
}
