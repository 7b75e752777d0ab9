/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts the sequences that retitle or
 * repaint a terminal, a newline breaks a diagnostic across lines), DEL, C1 controls (U+009B is CSI on many
 * terminals), the line and paragraph separators and the bidirectional overrides that reorder what is shown.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The same, less what JSON.stringify already escapes (U+0000-U+001F), so its own line breaks stay. */
const CONTROL_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return NAMED[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`);
}

/**
 * User text (a rule, a scenario field, a link, a file name) made safe to print on a terminal: every control
 * character is written as an escape (`\x1b`, `\n`, `\u202e`), everything else is left as it is.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, escapeChar);
}

/**
 * JSON for output. JSON.stringify escapes U+0000-U+001F but leaves DEL, the C1 controls and the bidirectional
 * overrides raw; written as `\uXXXX` they read back as the same value and cannot act on a terminal.
 */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2).replace(CONTROL_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
}
