import type { Span } from "./model";

/**
 * One token of nft's language. Words are maximal runs of the characters nft allows inside addresses, numbers,
 * names and ranges (`10.0.0.0/8`, `1024-65535`, `fe80::1`, `eth*`, `echo-request`); the parser splits them where
 * the grammar needs to. `# ...` comments are tokens too, because `nft -a list ruleset` writes handles in them.
 */
export type TokenKind = "word" | "string" | "punct" | "newline" | "comment" | "eof";

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
}

/** What a character starts, by char code (ASCII only; anything else is a one-character word). */
const OTHER = 0;
const WORD = 1;
const PUNCT = 2;
const CLASS = new Uint8Array(128);
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.*:/-\\")
  CLASS[ch.charCodeAt(0)] = WORD;
for (const ch of "{};,()|&^@$=!<>+") CLASS[ch.charCodeAt(0)] = PUNCT;
const classOf = (code: number): number => (code < 128 ? CLASS[code]! : OTHER);

const NL = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const HASH = 35;
const QUOTE = 34;
const BACKSLASH = 92;
const EQ = 61;
const BANG = 33;
const LT = 60;
const GT = 62;

/**
 * Reads tokens one at a time, on demand: one pass over char codes, no regular expression and no slicing but each
 * token's own text. A 5 MB kube-proxy listing is ~600,000 tokens; pulled as the parser needs them they die young
 * instead of all living (and being copied by the garbage collector) until the end of the parse.
 */
export class Lexer {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  private done = false;
  constructor(private readonly text: string) {}

  // Every token is built with the same property order, so they share one hidden class.
  private tok(kind: TokenKind, value: string, start: number, end: number): Token {
    return {
      kind,
      text: value,
      line: this.line,
      column: start - this.lineStart + 1,
      endColumn: end - this.lineStart + 1,
    };
  }

  /** The next token; `eof` at the end, and again on every later call. */
  next(): Token {
    const text = this.text;
    const n = text.length;
    let i = this.i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === NL) {
        const t = this.tok("newline", "\n", i, i + 1);
        this.i = i + 1;
        this.line++;
        this.lineStart = i + 1;
        return t;
      }
      if (c === SPACE || c === TAB || c === CR) {
        i++;
        continue;
      }
      if (c === BACKSLASH && text.charCodeAt(i + 1) === NL) {
        i += 2;
        this.line++;
        this.lineStart = i;
        continue;
      }
      if (c === HASH) {
        let j = i + 1;
        while (j < n && text.charCodeAt(j) !== NL) j++;
        this.i = j;
        return this.tok("comment", text.slice(i + 1, j).trim(), i, j);
      }
      if (c === QUOTE) {
        let j = i + 1;
        let from = j;
        let value = "";
        for (; j < n; j++) {
          const d = text.charCodeAt(j);
          if (d === QUOTE || d === NL) break;
          if (d === BACKSLASH && j + 1 < n && text.charCodeAt(j + 1) !== NL) {
            // An escape keeps the next character, whatever it is.
            value += text.slice(from, j) + text[j + 1];
            j++;
            from = j + 1;
          }
        }
        value += text.slice(from, j);
        const closed = j < n && text.charCodeAt(j) === QUOTE;
        this.i = closed ? j + 1 : j;
        return this.tok("string", value, i, j + (closed ? 1 : 0));
      }
      // Two-character operators first: `==`, `!=`, `<=`, `>=`.
      if ((c === EQ || c === BANG || c === LT || c === GT) && text.charCodeAt(i + 1) === EQ) {
        this.i = i + 2;
        return this.tok("punct", text.slice(i, i + 2), i, i + 2);
      }
      const cls = classOf(c);
      if (cls === PUNCT) {
        this.i = i + 1;
        return this.tok("punct", text[i]!, i, i + 1);
      }
      if (cls === WORD) {
        let j = i + 1;
        while (j < n && classOf(text.charCodeAt(j)) === WORD) j++;
        this.i = j;
        return this.tok("word", text.slice(i, j), i, j);
      }
      // Anything else is a one-character word the parser will call unexpected.
      this.i = i + 1;
      return this.tok("word", text[i]!, i, i + 1);
    }
    this.i = i;
    this.done = true;
    return this.tok("eof", "end of file", n, n);
  }

  get atEnd(): boolean {
    return this.done;
  }
}

/** Every token of `text`, ending with `eof`. */
export function tokenize(text: string): Token[] {
  const lexer = new Lexer(text);
  const out: Token[] = [];
  let t: Token;
  do {
    t = lexer.next();
    out.push(t);
  } while (t.kind !== "eof");
  return out;
}

export function spanOf(t: Token): Span {
  return { line: t.line, column: t.column, endColumn: t.endColumn };
}

/** A span from `a` to `b` (b's end when on the same line, else to the end of a's token). */
export function spanFrom(a: Token, b: Token): Span {
  return { line: a.line, column: a.column, endColumn: b.line === a.line ? b.endColumn : a.endColumn };
}
