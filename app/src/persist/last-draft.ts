/**
 * The ruleset text typed in the last moment before a reload. An IndexedDB write started on `pagehide` may not
 * commit before the page is gone (a reload right after typing lost the last keystrokes), so the draft is also
 * written synchronously to this tab's sessionStorage, which a reload of the same tab reads back. The copy is
 * removed once IndexedDB holds a record at least as new.
 */
const KEY = "nfx:last-draft";

/** Drafts larger than this stay with IndexedDB alone: sessionStorage holds about 5 MB per origin. */
const MAX_CHARS = 1_000_000;

export interface LastDraft {
  readonly text: string | null;
  readonly savedAt: number;
}

function session(): Storage | null {
  try {
    return typeof sessionStorage === "undefined" ? null : sessionStorage;
  } catch {
    return null; // storage disabled
  }
}

/** Writes the draft now, synchronously; a draft too large, or storage that refuses, is left to IndexedDB. */
export function keepLastDraft(text: string | null, savedAt: number): void {
  if (text !== null && text.length > MAX_CHARS) return;
  try {
    session()?.setItem(KEY, JSON.stringify({ text, savedAt }));
  } catch {
    // quota or disabled: the IndexedDB write in flight is all there is
  }
}

/** The copy, if any; anything unreadable counts as none. */
export function readLastDraft(): LastDraft | null {
  let raw: string | null = null;
  try {
    raw = session()?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const d = JSON.parse(raw) as { text?: unknown; savedAt?: unknown };
    const text = typeof d.text === "string" ? d.text : null;
    return typeof d.savedAt === "number" && Number.isFinite(d.savedAt) ? { text, savedAt: d.savedAt } : null;
  } catch {
    return null;
  }
}

/** IndexedDB now holds a record from `savedAt` on: an older copy here is no longer needed. */
export function dropLastDraft(savedAt: number): void {
  const last = readLastDraft();
  if (!last || last.savedAt > savedAt) return;
  try {
    session()?.removeItem(KEY);
  } catch {
    // nothing to do
  }
}
