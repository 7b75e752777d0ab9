import type { Scenario } from "@nfx/scenario";

/**
 * A ruleset too large to keep on the page (issue 13: "the page's own heap does not grow with the ruleset").
 * Its text lives in the engine worker, and its bytes in a Blob: the file the user chose, or one the worker
 * made after an edit. A Blob is a handle the browser keeps outside the JS heap; it travels to a fresh worker
 * and into IndexedDB by reference, so the page never holds the text. There is no text field: code that wants
 * the text must ask the worker (rows, search, export) or read the Blob on the user's explicit request.
 */
export interface RulesetHandle {
  readonly kind: "handle";
  /** Names this very text in the autosave (IndexedDB); a new text (an edit) gets a new key. */
  readonly key: string;
  readonly blob: Blob;
  /** The text's size in bytes (what the user sees as its size). */
  readonly bytes: number;
  /** How many rules it has (the parse's count). */
  readonly rules: number;
  /** The file it came from, for the notices and the downloads. */
  readonly name: string;
}

/** A ruleset as the page holds it: its text when small, a handle when large. */
export type RulesetSource = string | RulesetHandle;

/** The scenario as the page holds it: a validated scenario whose ruleset may be a handle. */
export type PageScenario = Omit<Scenario, "ruleset"> & { readonly ruleset: RulesetSource };

/**
 * Rulesets up to this size stay inline, as text on the page: lessons, pasted text, a home router's or a small
 * server's dump (a few thousand rules) are well below it. At this size the text editor shows the text at once
 * (RulesetText's LARGE_TEXT), a share link can still carry it compressed, the sessionStorage copy of the work
 * (last-record.ts, 2 million characters) still fits, and structured-cloning it costs the page about a
 * millisecond. Above it (kube-5000 is 8.7 MB) a copy on the page is what made the long tasks.
 */
export const INLINE_RULESET_BYTES = 1_000_000;

export function isHandle(r: RulesetSource): r is RulesetHandle {
  return typeof r !== "string";
}

/** The scenario as a plain document when its ruleset is inline; null when the ruleset is held by a handle. */
export function inlineScenario(s: PageScenario): Scenario | null {
  return typeof s.ruleset === "string" ? (s as Scenario) : null;
}

/** The ruleset's size in bytes, whichever way it is held (inline text is ASCII in practice: one byte a char). */
export function rulesetBytes(r: RulesetSource): number {
  return typeof r === "string" ? r.length : r.bytes;
}

/** A fresh key for a new handle's text. */
export function newHandleKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** The handle on a file the user opened, once the worker has counted its rules. */
export function handleOf(file: Blob, rules: number): RulesetHandle {
  const name = typeof (file as { name?: unknown }).name === "string" ? (file as File).name : "rules.v4";
  return { kind: "handle", key: newHandleKey(), blob: file, bytes: file.size, rules, name };
}

/** Reads a Blob's text synchronously where a worker can (FileReaderSync), so a request handler stays synchronous. */
export function readBlobSync(blob: Blob): string | null {
  const Sync = (globalThis as { FileReaderSync?: new () => { readAsText(b: Blob): string } }).FileReaderSync;
  return Sync ? new Sync().readAsText(blob) : null;
}

/** No iptables rules at all (a scenario with native nftables rules only); a handle always holds a ruleset. */
export function isEmptyRuleset(r: RulesetSource): boolean {
  return typeof r === "string" && r.trim() === "";
}
