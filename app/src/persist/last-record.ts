import { readRecord, type WorkRecord } from "./work-record";

/**
 * This tab's work as it stood when the page went away. An IndexedDB write started on `pagehide` may not commit
 * before the page is gone (a reload right after typing lost the last keystrokes; a reload right after "go back"
 * brought a set-aside scenario back), so the record is also written synchronously to this tab's sessionStorage,
 * which a reload of the same tab reads back. The copy is removed once IndexedDB holds a record at least as new.
 */
const KEY = "nfx:last-record";
/** When the copy was made, apart, so that dropping it after each save does not read megabytes back. */
const KEY_AT = "nfx:last-record-at";

/** Larger records stay with IndexedDB alone: sessionStorage holds about 5 MB per origin. */
const MAX_CHARS = 2_000_000;

function session(): Storage | null {
  try {
    return typeof sessionStorage === "undefined" ? null : sessionStorage;
  } catch {
    return null; // storage disabled
  }
}

/** Writes the record now, synchronously; one too large, or storage that refuses, is left to IndexedDB. */
export function keepLastRecord(record: WorkRecord): void {
  try {
    const text = JSON.stringify(record);
    if (text.length > MAX_CHARS) return;
    session()?.setItem(KEY, text);
    session()?.setItem(KEY_AT, String(record.savedAt));
  } catch {
    // quota or disabled: the IndexedDB write in flight is all there is
  }
}

/** The copy, validated like any saved record; anything unreadable counts as none. */
export function readLastRecord(): WorkRecord | null {
  try {
    const raw = session()?.getItem(KEY);
    return raw ? readRecord(JSON.parse(raw)) : null;
  } catch {
    return null;
  }
}

/** IndexedDB now holds a record from `savedAt` on: an older copy here is no longer needed. */
export function dropLastRecord(savedAt: number): void {
  try {
    const at = session()?.getItem(KEY_AT);
    if (at === null || at === undefined || Number(at) > savedAt) return;
    session()?.removeItem(KEY);
    session()?.removeItem(KEY_AT);
  } catch {
    // nothing to do
  }
}
