import { type ParseResult, parseRuleset } from "@nfx/iptables-save";

/**
 * The last parses, by text. A draft is parsed to check it and then simulated when it is clean; an edit
 * starts from the applied text: each would otherwise parse a large ruleset again. Comparing two 9 MB
 * strings costs a memcmp, parsing them a second.
 */
const recent: { text: string; parsed: ParseResult }[] = [];

export function parseCached(text: string): ParseResult {
  const hit = recent.find((e) => e.text === text);
  if (hit) return hit.parsed;
  const parsed = parseRuleset(text);
  recent.unshift({ text, parsed });
  if (recent.length > 2) recent.pop();
  return parsed;
}

let current: { revision: number; parsed: ParseResult } | null = null;

/** What the last simulation ran on: queries about "the ruleset" answer from it. */
export function setCurrent(revision: number, parsed: ParseResult): void {
  current = { revision, parsed };
}

export function currentAt(revision: number): ParseResult | null {
  return current && current.revision === revision ? current.parsed : null;
}
