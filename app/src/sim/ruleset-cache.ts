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

/** Texts the page sent or loaded, by id (see `TextRef`): the last few, so a request can name one instead of copying it. */
const texts = new Map<number, string>();
const KEEP_TEXTS = 4;

export function keepText(id: number, text: string): void {
  texts.delete(id);
  texts.set(id, text);
  while (texts.size > KEEP_TEXTS) texts.delete(texts.keys().next().value!);
}

/** The text of a `TextRef`, keeping it when it travelled; null when the worker no longer holds it. */
export function resolveText(ref: { readonly id: number; readonly text?: string | undefined }): string | null {
  if (ref.text !== undefined) {
    keepText(ref.id, ref.text);
    return ref.text;
  }
  const text = texts.get(ref.id);
  if (text === undefined) return null;
  keepText(ref.id, text); // most recently used
  return text;
}

let nextOwnId = -1;
/** Keeps a text the worker made (an edit's result) under a fresh negative id; the page's ids are positive. */
export function keepOwnText(text: string): number {
  const id = nextOwnId--;
  keepText(id, text);
  return id;
}
