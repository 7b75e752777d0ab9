/**
 * The arguments of iptables-save lines with their place in the text, so a redaction can replace one argument
 * and leave every other byte as it was. Quoting follows iptables-restore: only double quotes group, `\x` in
 * quotes is `x`.
 */

export interface Token {
  /** The argument as iptables-restore reads it (quotes removed). */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

const isBlank = (c: number) => c === 32 || c === 9 || c === 13;
const QUOTE = 34;
const BACKSLASH = 92;

export function tokens(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < line.length) {
    if (isBlank(line.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let value = "";
    let quoted = false;
    let run = i;
    while (i < line.length) {
      const c = line.charCodeAt(i);
      if (!quoted && isBlank(c)) break;
      if (c === QUOTE) {
        value += line.slice(run, i);
        quoted = !quoted;
        run = ++i;
      } else if (quoted && c === BACKSLASH && i + 1 < line.length) {
        value += line.slice(run, i) + line[i + 1];
        i += 2;
        run = i;
      } else {
        i++;
      }
    }
    out.push({ value: value + line.slice(run, i), start, end: i });
  }
  return out;
}

/** An argument as iptables-save would print it: bare when it can be, else in double quotes. */
export function quote(value: string): string {
  return value !== "" && /^[^\s"\\']+$/.test(value) ? value : `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * Rewrites the argument after each option in `options` (`-i` -> its value) with `rewrite(option, value)`;
 * every other byte of `text` is kept.
 */
export function rewriteArguments(
  text: string,
  options: ReadonlySet<string>,
  rewrite: (option: string, value: string) => string,
): string {
  return text
    .split("\n")
    .map((line) => {
      if (!/^\s*(\[\d+:\d+\]\s*)?-[AI]\s/.test(line)) return line;
      const toks = tokens(line);
      let out = "";
      let at = 0;
      for (let k = 1; k < toks.length; k++) {
        const option = toks[k - 1]!.value;
        if (!options.has(option)) continue;
        const t = toks[k]!;
        const value = rewrite(option, t.value);
        if (value === t.value) continue;
        out += line.slice(at, t.start) + quote(value);
        at = t.end;
      }
      return out + line.slice(at);
    })
    .join("\n");
}

/** Calls `visit` with each argument after an option in `options`. */
export function eachArgument(
  text: string,
  options: ReadonlySet<string>,
  visit: (option: string, value: string) => void,
) {
  rewriteArguments(text, options, (option, value) => {
    visit(option, value);
    return value;
  });
}
