/** The model without source positions: what the text and the JSON of one ruleset must agree on. */
export function withoutSpans(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutSpans);
  if (x && typeof x === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) if (k !== "span") out[k] = withoutSpans(v);
    return out;
  }
  return x;
}
