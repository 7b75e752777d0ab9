import { LineError } from "./diagnostics";
import type { TokenLine } from "./tokenizer";

/** Walks the arguments of one rule; errors point at the offending token's column. */
export class ArgCursor {
  index: number;

  constructor(
    readonly line: TokenLine,
    start = 0,
  ) {
    this.index = start;
  }

  get done(): boolean {
    return this.index >= this.line.tokens.length;
  }

  peek(): string | undefined {
    return this.line.tokens[this.index];
  }

  /** Takes the next token. */
  take(): string {
    return this.line.tokens[this.index++]!;
  }

  /** Takes the value of `option` (which was just taken), as getopt does for a required argument. */
  value(option: string): string {
    const text = this.line.tokens[this.index];
    if (text === undefined) {
      throw this.errorAt(this.index - 1, "missing-argument", `option "${option}" requires an argument`);
    }
    this.index++;
    return text;
  }

  /** Column of the token at `index` (the last taken one by default). */
  column(index = this.index - 1): number {
    return this.line.columns[index] ?? this.line.columns[this.line.columns.length - 1] ?? 1;
  }

  /** An error about the token at `index` (the last taken one by default). */
  errorAt(index: number, code: string, message: string, hint?: string): LineError {
    const column = this.column(index);
    const text = this.line.tokens[index] ?? "";
    return new LineError(code, message, column, column + Math.max(text.length, 1), hint);
  }

  /** An error about the last taken token. */
  error(code: string, message: string, hint?: string): LineError {
    return this.errorAt(this.index - 1, code, message, hint);
  }
}
