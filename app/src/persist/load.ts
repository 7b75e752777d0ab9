import { readRecord, type WorkRecord } from "./work-record";
import type { WorkStorage } from "./work-storage";

/** Where the app kept its work before IndexedDB (one record for all tabs, at most ~5 MB). */
export const LEGACY_KEY = "nfx:work:v1";

/** The key-value part of `localStorage`, so tests can hand in a Map. */
export interface KeyValue {
  getItem(key: string): string | null;
  removeItem(key: string): void;
}

/**
 * The work this tab opens on: its own record (a reload), else the newest record of any tab (a new tab).
 * Unreadable records are skipped, never half-used.
 */
export async function loadWork(storage: WorkStorage, tab: string): Promise<WorkRecord | null> {
  const own = readRecord(await storage.get(tab));
  if (own) return own;
  for (const meta of await storage.list()) {
    const r = readRecord(await storage.get(meta.tab));
    if (r) return r;
  }
  return null;
}

/**
 * Moves a localStorage autosave of an earlier version into this tab's record, once: the old key is removed
 * only after the record is written, so a failed move leaves it for the next start.
 */
export async function migrateLegacy(storage: WorkStorage, kv: KeyValue | null, tab: string, now: number) {
  let raw: string | null = null;
  try {
    raw = kv?.getItem(LEGACY_KEY) ?? null;
  } catch {
    return null;
  }
  if (!raw) return null;
  let doc: unknown = null;
  try {
    doc = JSON.parse(raw);
  } catch {
    // damaged: nothing to move
  }
  const d = typeof doc === "object" && doc !== null ? (doc as Record<string, unknown>) : {};
  const record = readRecord({ ...d, tab, savedAt: now });
  if (record) await storage.put(record);
  kv?.removeItem(LEGACY_KEY);
  return record;
}
