import { NftError } from "./diagnostics";
import type { Token } from "./lexer";
import type { Span } from "./model";

/** A read position over a token list; errors name the token where nft's parser would stop. */
/** A name a rule refers to (`@set`, `jump chain`), where it was written, for located "no such" errors. */
export interface Reference {
  readonly kind: "set" | "chain";
  readonly name: string;
  readonly span: Span;
}

export class Cursor {
  i = 0;
  readonly refs: Reference[] = [];
  readonly tokens: readonly Token[];
  constructor(tokens: readonly Token[]) {
    // Every loop here stops at `eof`; a list without one would make `peek` repeat its last token forever.
    const last = tokens[tokens.length - 1];
    this.tokens =
      last?.kind === "eof"
        ? tokens
        : [
            ...tokens,
            {
              kind: "eof",
              text: "end of file",
              line: last?.line ?? 1,
              column: last?.endColumn ?? 1,
              endColumn: last?.endColumn ?? 1,
            },
          ];
  }

  peek(k = 0): Token {
    return this.tokens[Math.min(this.i + k, this.tokens.length - 1)]!;
  }
  next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }
  at(text: string, k = 0): boolean {
    const t = this.peek(k);
    return (t.kind === "word" || t.kind === "punct") && t.text === text;
  }
  eat(text: string): boolean {
    if (!this.at(text)) return false;
    this.next();
    return true;
  }
  atEnd(): boolean {
    return this.peek().kind === "eof";
  }
  expect(text: string): Token {
    if (!this.at(text)) throw unexpected(this.peek(), `expecting ${text}`);
    return this.next();
  }
  word(what: string): Token {
    const t = this.peek();
    if (t.kind !== "word" && t.kind !== "string") throw unexpected(t, `expecting ${what}`);
    return this.next();
  }
  skipNewlines(): void {
    while (this.peek().kind === "newline" || this.peek().kind === "comment") this.next();
  }
}

/** nft's bison wording: `syntax error, unexpected accept` (and, where it helps, what it expected). */
export function unexpected(t: Token, expecting?: string): NftError {
  const what =
    t.kind === "eof"
      ? "end of file"
      : t.kind === "newline"
        ? "newline"
        : t.kind === "string"
          ? "quoted string"
          : t.kind === "punct"
            ? `'${t.text}'`
            : t.text;
  const msg = `syntax error, unexpected ${what}${expecting ? `, ${expecting}` : ""}`;
  return new NftError("nft.syntax", msg, t.line, t.column, t.endColumn);
}

export function errorAt(t: Token, code: string, message: string, hint?: string): NftError {
  return new NftError(code, message, t.line, t.column, t.endColumn, hint);
}
