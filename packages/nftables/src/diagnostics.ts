/** How bad a diagnostic is: an error drops the command or rule it is in, a warning keeps it. */
export type Severity = "error" | "warning";

/**
 * One problem found in the user's text, in the shape packages/iptables-save uses. `code` is stable and meant for
 * programs; `message` is nft's own wording where nft has one. Columns are 1-based; `endColumn` is exclusive.
 */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endColumn?: number;
  readonly hint?: string;
}

/** Thrown inside the parser to abandon one command; the driver turns it into a Diagnostic and resynchronises. */
export class NftError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly line: number,
    readonly column: number,
    readonly endColumn: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}
