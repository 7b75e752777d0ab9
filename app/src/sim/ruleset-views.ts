import type { Rule, TableName } from "@nfx/model";

/**
 * A ruleset text on the wire. The first time a text travels it carries itself; after that only its id, because
 * copying a 9 MB string into a message costs the page a long task. The worker keeps the last few texts by id;
 * one it no longer holds is answered with a `missing-text` error and the client sends the text again.
 */
export type TextRef =
  | { readonly id: number; readonly text: string; readonly blob?: undefined }
  /**
   * A large ruleset (a `RulesetHandle`, ruleset-source.ts) travels as its Blob, a handle the browser copies by
   * reference: the page never has its text, and the worker reads it from the Blob.
   */
  | { readonly id: number; readonly blob: Blob; readonly text?: undefined }
  | { readonly id: number; readonly text?: undefined; readonly blob?: undefined };

/** A parse diagnostic, as `@nfx/iptables-save` reports it. */
export interface DiagnosticView {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** Exclusive end column, when the problem is one token. */
  readonly endColumn?: number;
  readonly hint?: string;
}

/** Diagnostics of either parser (iptables-save or nft) as the wire carries them: plain fields, no undefined ones. */
export function diagnosticViews(diagnostics: readonly DiagnosticView[]): DiagnosticView[] {
  return diagnostics.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    line: d.line,
    column: d.column,
    ...(d.endColumn !== undefined ? { endColumn: d.endColumn } : {}),
    ...(d.hint !== undefined ? { hint: d.hint } : {}),
  }));
}

/** One rule as lists show it: printed as iptables-save would, and its model for explanations. */
export interface RuleView {
  readonly text: string;
  readonly rule: Rule;
}

/**
 * One chain of the ruleset. Its rules travel with it only while the whole ruleset is small (`SimView.inline`);
 * a large ruleset stays in the worker and lists ask for the rows they show (`rows` queries).
 */
export interface ChainView {
  readonly table: TableName;
  readonly name: string;
  readonly policy: "ACCEPT" | "DROP" | null;
  readonly ruleCount: number;
  /** Every rule when `SimView.inline`; empty otherwise. */
  readonly rules: readonly RuleView[];
}
