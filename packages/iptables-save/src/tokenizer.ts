/** The arguments of one line with the 1-based column where each starts. */
export interface TokenLine {
  readonly tokens: string[];
  readonly columns: number[];
  /** Column of a quote that the line never closes (its argument then runs to the end of the line). */
  unterminated?: number;
}

const SPACE = 32;
const TAB = 9;
const CR = 13;
const QUOTE = 34;
const BACKSLASH = 92;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB || c === CR;
}

/**
 * Splits `text.slice(start, end)` the way iptables-restore does (`xshared.c add_param_to_argv`): whitespace
 * separates, only double quotes group, `\x` inside quotes yields `x`, a closing quote ends the token, and an
 * unterminated quote runs to the end of the line and keeps the newline (`hasNewline`).
 * Columns are relative to `start` plus `columnBase` (1 for a whole line).
 */
export function tokenizeLine(text: string, start: number, end: number, hasNewline = true, columnBase = 1): TokenLine {
  const tokens: string[] = [];
  const columns: number[] = [];
  const line: TokenLine = { tokens, columns };
  let i = start;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (isBlank(c)) {
      i++;
      continue;
    }
    const tokenStart = i;
    // Fast path: a run of plain characters becomes one slice of the source, no copying.
    while (i < end && !isBlank(c) && c !== QUOTE) c = text.charCodeAt(++i);
    if (i >= end || c !== QUOTE) {
      tokens.push(text.slice(tokenStart, i));
      columns.push(tokenStart - start + columnBase);
      continue;
    }
    let value = text.slice(tokenStart, i);
    const quoteColumn = i - start + columnBase;
    i++; // opening quote
    let closed = false;
    while (i < end) {
      c = text.charCodeAt(i);
      if (c === QUOTE) {
        closed = true;
        i++;
        break;
      }
      if (c === BACKSLASH && i + 1 < end) {
        value += text[i + 1];
        i += 2;
        continue;
      }
      let j = i + 1;
      while (j < end) {
        const d = text.charCodeAt(j);
        if (d === QUOTE || d === BACKSLASH) break;
        j++;
      }
      value += text.slice(i, j);
      i = j;
    }
    if (!closed) {
      line.unterminated = quoteColumn;
      if (hasNewline) value += "\n";
    }
    tokens.push(value);
    columns.push(tokenStart - start + columnBase);
  }
  return line;
}
