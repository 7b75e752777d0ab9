import type { Diagnostic } from "./diagnostics";
import type { Token } from "./lexer";

/**
 * Expands `define NAME = value` variables in the token stream, as nft's scanner does before parsing. The
 * definition lines are dropped; each `$NAME` becomes the value's tokens, placed where `$NAME` was written so
 * errors in it point at the use. An undefined `$NAME` is left for the parser, which reports it.
 */
export function substituteVariables(tokens: readonly Token[], diagnostics: Diagnostic[]): Token[] {
  const defs = new Map<string, Token[]>();
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const atLineStart = i === 0 || tokens[i - 1]!.kind === "newline" || tokens[i - 1]!.text === ";";
    if (t.kind === "word" && (t.text === "define" || t.text === "redefine") && atLineStart) {
      const name = tokens[i + 1];
      if (name?.kind !== "word" || tokens[i + 2]?.text !== "=") {
        diagnostics.push({
          code: "nft.syntax",
          severity: "error",
          message: "syntax error, unexpected define",
          line: t.line,
          column: t.column,
          endColumn: t.endColumn,
        });
        while (i + 1 < tokens.length && tokens[i + 1]!.kind !== "newline" && tokens[i + 1]!.kind !== "eof") i++;
        continue;
      }
      const value: Token[] = [];
      let j = i + 3;
      let depth = 0;
      for (; j < tokens.length; j++) {
        const v = tokens[j]!;
        if (v.kind === "eof" || (depth === 0 && (v.kind === "newline" || v.text === ";"))) break;
        if (v.text === "{") depth++;
        if (v.text === "}") depth--;
        if (v.kind === "comment" || v.kind === "newline") continue;
        if (v.text === "$" && tokens[j + 1] && defs.has(tokens[j + 1]!.text)) {
          value.push(...defs.get(tokens[j + 1]!.text)!);
          j++;
        } else value.push(v);
      }
      defs.set(name.text, value);
      i = j - 1;
      continue;
    }
    if (t.kind === "punct" && t.text === "$") {
      const name = tokens[i + 1];
      // `$NAS:443`: the scanner reads `NAS:443` as one word; the variable is the part before the colon.
      const colon = name ? name.text.indexOf(":") : -1;
      const key = name && colon > 0 ? name.text.slice(0, colon) : name?.text;
      const value = key !== undefined ? defs.get(key) : undefined;
      if (name && value) {
        for (const v of value) out.push({ ...v, line: t.line, column: t.column, endColumn: name.endColumn });
        if (colon > 0) out.push({ ...name, text: name.text.slice(colon) });
        i++;
        continue;
      }
    }
    out.push(t);
  }
  return out;
}
