import { BACKSLASH, CR, QUOTE, SPACE, TAB } from "./char-codes";

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

/**
 * Walks the tokens of one line as offsets into the file text, without making a string per token. It reads only
 * what the tokenizer reads the same way in every case: plain runs of characters, and a token that is wholly one
 * quoted run without backslashes. Anything else (an escape, a quote inside a token, an unterminated quote) makes
 * `next()` stop with `unsupported` set, and the caller hands the line to the general parser.
 * One scanner is reused for every line, so the fast path allocates nothing for tokens.
 */
export class LineScanner {
  text = "";
  /** Offset of the line's first character, for 1-based columns. */
  lineStart = 0;
  private pos = 0;
  private end = 0;
  /** The current token's value is text[start, stop): for a quoted token, what is between the quotes. */
  start = 0;
  stop = 0;
  /** Offset where the current token was written (its opening quote, if quoted). */
  written = 0;
  unsupported = false;
  /** The current token's hash, once asked for (most tokens are compared, not looked up). */
  private tokenHash = 0;
  private hashed = false;

  reset(text: string, lineStart: number, end: number): void {
    this.text = text;
    this.lineStart = lineStart;
    this.pos = lineStart;
    this.end = end;
    this.unsupported = false;
  }

  /** Moves to the next token; false at the end of the line or at a token this scanner does not read. */
  next(): boolean {
    const text = this.text;
    const end = this.end;
    let i = this.pos;
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    if (i >= end) {
      this.pos = i;
      return false;
    }
    this.written = i;
    this.hashed = false;
    if (text.charCodeAt(i) === QUOTE) {
      const open = i + 1;
      // Quoted tokens are comments, long ones: found with indexOf rather than a character at a time.
      const j = text.indexOf('"', open);
      // The closing quote must end the token too: `"a"b` is two tokens to the tokenizer, which we leave to it.
      if (j < 0 || j >= end || (j + 1 < end && !isBlank(text.charCodeAt(j + 1)))) return this.refuse();
      for (let k = open; k < j; k++) if (text.charCodeAt(k) === BACKSLASH) return this.refuse();
      this.start = open;
      this.stop = j;
      this.pos = j + 1;
      return true;
    }
    let j = i;
    while (j < end) {
      const c = text.charCodeAt(j);
      if (isBlank(c)) break;
      if (c === QUOTE) return this.refuse();
      j++;
    }
    this.start = i;
    this.stop = j;
    this.pos = j;
    return true;
  }

  /** FNV-1a hash of the current token's value, for {@link Memo} lookups. */
  get hash(): number {
    if (!this.hashed) {
      let hash = FNV_OFFSET;
      const text = this.text;
      for (let i = this.start; i < this.stop; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
      this.tokenHash = hash;
      this.hashed = true;
    }
    return this.tokenHash;
  }

  private refuse(): false {
    this.unsupported = true;
    return false;
  }

  /** True when the whole line has been read and nothing was refused. */
  get finished(): boolean {
    return !this.unsupported && !this.next() && !this.unsupported;
  }

  /** 1-based column where the current token was written. */
  get column(): number {
    return this.written - this.lineStart + 1;
  }

  /** Length of the current token's value, which is what the general parser measures error spans with. */
  get length(): number {
    return this.stop - this.start;
  }

  /** The current token's value as a string (a slice of the text; callers look it up or copy it). */
  value(): string {
    return this.text.slice(this.start, this.stop);
  }

  /** True when the current token is exactly `word`. */
  is(word: string): boolean {
    const n = word.length;
    if (this.stop - this.start !== n) return false;
    const text = this.text;
    const start = this.start;
    for (let k = 0; k < n; k++) if (text.charCodeAt(start + k) !== word.charCodeAt(k)) return false;
    return true;
  }

  /** For a two-character option `-x`, the code of `x`; 0 for anything else. */
  shortOption(): number {
    return this.stop - this.start === 2 && this.text.charCodeAt(this.start) === 45
      ? this.text.charCodeAt(this.start + 1)
      : 0;
  }
}
