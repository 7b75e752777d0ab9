import { NftError } from "./diagnostics";
import { Lexer, type Token } from "./lexer";
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
  /** The tokens from index `base` on; a cursor over a Lexer drops the ones it has passed (see `release`). */
  private buf: Token[];
  private base = 0;
  /** Over a list: how many of its tokens are this cursor's (a parser reuses one list for every rule). */
  private readonly len: number;
  private readonly lexer: Lexer | null;
  constructor(tokens: readonly Token[] | Lexer, length?: number) {
    if (tokens instanceof Lexer) {
      this.lexer = tokens;
      this.buf = [];
      this.len = 0;
      return;
    }
    this.lexer = null;
    // Every loop here stops at `eof`; a list without one would make `peek` repeat its last token forever.
    const n = length ?? tokens.length;
    const last = tokens[n - 1];
    this.len = last?.kind === "eof" ? n : n + 1;
    this.buf =
      last?.kind === "eof"
        ? (tokens as Token[])
        : [
            ...tokens.slice(0, n),
            {
              kind: "eof",
              text: "end of file",
              line: last?.line ?? 1,
              column: last?.endColumn ?? 1,
              endColumn: last?.endColumn ?? 1,
            },
          ];
  }

  /** Reads from the lexer until index `j` of the window exists or the input has ended. */
  private fill(j: number): void {
    const lexer = this.lexer!;
    while (j >= this.buf.length && !lexer.atEnd) this.buf.push(lexer.next());
  }

  peek(k = 0): Token {
    const j = this.i + k - this.base;
    if (this.lexer === null) return this.buf[Math.min(j, this.len - 1)]!;
    if (j >= this.buf.length) this.fill(j);
    return this.buf[Math.min(j, this.buf.length - 1)]!;
  }
  next(): Token {
    const t = this.peek();
    // The last token (eof) is never passed: every later peek sees it again.
    if (this.lexer !== null ? t.kind !== "eof" : this.i < this.len - 1) this.i++;
    return t;
  }
  /** The token at absolute index `index` (for spans and error positions just behind or ahead of the cursor). */
  tokenAt(index: number): Token | undefined {
    const j = index - this.base;
    if (this.lexer === null) return j < this.len ? this.buf[j] : undefined;
    if (j >= this.buf.length) this.fill(j);
    return this.buf[j];
  }
  /**
   * Between commands and rules: forgets the tokens already read (all but the last few, which error recovery and
   * spans may still look back at), so a long input is never held as one token list.
   */
  release(): void {
    const drop = this.i - this.base - 8;
    if (this.lexer === null || drop < 1024) return;
    this.buf = this.buf.slice(drop);
    this.base += drop;
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
