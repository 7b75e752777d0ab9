import type { Ruleset } from "../src/index";

/** The model without source positions: what the text and the JSON of one ruleset must agree on. */
export function withoutSpans(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(withoutSpans);
  if (x && typeof x === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x).sort()) if (k !== "span") out[k] = withoutSpans((x as Record<string, unknown>)[k]);
    return out;
  }
  return x;
}

/**
 * The parts of a ruleset that nft 1.0.6's `nft -j list ruleset` itself leaves out (table comments, chain
 * comments and base chain devices), blanked so the text and the JSON can be compared on everything else.
 */
export function withoutJsonGaps(r: Ruleset): unknown {
  return withoutSpans({
    tables: r.tables.map((t) => ({
      ...t,
      comment: null,
      chains: t.chains.map((c) => ({ ...c, comment: null, base: c.base && { ...c.base, devices: [] } })),
    })),
  });
}
