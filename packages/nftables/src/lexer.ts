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

const WORD = /[A-Za-z0-9_.*:/\-\\]/;
const PUNCT = new Set(["{", "}", ";", ",", "(", ")", "|", "&", "^", "@", "$", "=", "!", "<", ">", "+"]);

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = text.length;
  const push = (kind: TokenKind, start: number, end: number, value?: string) =>
    out.push({
      kind,
      text: value ?? text.slice(start, end),
      line,
      column: start - lineStart + 1,
      endColumn: end - lineStart + 1,
    });
  while (i < n) {
    const c = text[i]!;
    if (c === "\n") {
      push("newline", i, i + 1);
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "\\" && text[i + 1] === "\n") {
      i += 2;
      line++;
      lineStart = i;
      continue;
    }
    if (c === "#") {
      let j = i;
      while (j < n && text[j] !== "\n") j++;
      push("comment", i, j, text.slice(i + 1, j).trim());
      i = j;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let value = "";
      while (j < n && text[j] !== '"' && text[j] !== "\n") {
        if (text[j] === "\\" && j + 1 < n && text[j + 1] !== "\n") {
          value += text[j + 1];
          j += 2;
        } else value += text[j++];
      }
      const closed = text[j] === '"';
      out.push({
        kind: "string",
        text: value,
        line,
        column: i - lineStart + 1,
        endColumn: j + (closed ? 1 : 0) - lineStart + 1,
      });
      i = closed ? j + 1 : j;
      continue;
    }
    // Two-character operators first: `==`, `!=`, `<=`, `>=`.
    const two = text.slice(i, i + 2);
    if (two === "==" || two === "!=" || two === "<=" || two === ">=") {
      push("punct", i, i + 2);
      i += 2;
      continue;
    }
    if (PUNCT.has(c)) {
      push("punct", i, i + 1);
      i++;
      continue;
    }
    if (WORD.test(c)) {
      let j = i;
      while (j < n && WORD.test(text[j]!)) j++;
      push("word", i, j);
      i = j;
      continue;
    }
    // Anything else is a one-character word the parser will call unexpected.
    push("word", i, i + 1);
    i++;
  }
  out.push({ kind: "eof", text: "end of file", line, column: n - lineStart + 1, endColumn: n - lineStart + 1 });
  return out;
}

export function spanOf(t: Token): Span {
  return { line: t.line, column: t.column, endColumn: t.endColumn };
}

/** A span from `a` to `b` (b's end when on the same line, else to the end of a's token). */
export function spanFrom(a: Token, b: Token): Span {
  return { line: a.line, column: a.column, endColumn: b.line === a.line ? b.endColumn : a.endColumn };
}
