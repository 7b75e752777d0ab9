const PLAIN = /^[A-Za-z0-9_-]+$/;

/**
 * `xtables_save_string`: a value made only of letters, digits, `_` and `-` is printed bare; anything else is
 * double-quoted with `"`, `\` and `'` backslash-escaped. Used for comments and log prefixes.
 */
export function saveString(value: string): string {
  if (PLAIN.test(value)) return value;
  return `"${value.replace(/["\\']/g, "\\$&")}"`;
}

/**
 * An argument of an unsupported module, printed so that the tokenizer reads it back unchanged: bare when it
 * has no blank or quote, else quoted (only `"` and `\` need escaping for our own reader).
 */
export function quoteArg(value: string): string {
  if (value !== "" && !/[\s"]/.test(value)) return value;
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}
