import { type DBSchema, openDB } from "idb";
import { rulesetKeys, type WorkMeta, type WorkRecord } from "./work-record";

/** Where records are kept: IndexedDB in the app, memory in tests. Failures reject with the browser's error. */
export interface WorkStorage {
  /** Every tab's record, newest first, without the scenarios. */
  list(): Promise<WorkMeta[]>;
  get(tab: string): Promise<unknown>;
  /** Writes one record; `urgent` asks the browser to commit at once (the page is being hidden or closed). */
  put(record: WorkRecord, urgent?: boolean): Promise<void>;
  remove(tabs: readonly string[]): Promise<void>;
  /**
   * Keeps a large ruleset's Blob under its key, once (records name it: `WorkRecord.handles`). IndexedDB stores
   * a Blob by structured clone without bringing its bytes into the page's heap.
   */
  putRuleset(key: string, blob: Blob): Promise<void>;
  /** The Blob kept under `key`; null when there is none. */
  getRuleset(key: string): Promise<Blob | null>;
  /** Removes every kept Blob that no record names and that is not in `keep` (written, its record not yet). */
  pruneRulesets(keep: ReadonlySet<string>): Promise<void>;
}

interface WorkDb extends DBSchema {
  /** Whole records, by tab: scenarios of any size (a 9 MB kube-5000 ruleset fits; localStorage held 5 MB). */
  work: { key: string; value: WorkRecord };
  /** The same records' tab and time only, so choosing one at start does not read every scenario. */
  meta: { key: string; value: WorkMeta };
  /** Large rulesets' Blobs by key (version 2): written once, named by records (a node's dump is 75 MB). */
  rulesets: { key: string; value: Blob };
}

const DB_NAME = "nfx-work";

/**
 * The records in IndexedDB, through `idb`: it turns requests and transactions into promises that reject with
 * the browser's own error (a QuotaExceededError arrives as the transaction's abort), which is what the
 * autosave needs to say why a save failed.
 */
export async function openWorkStorage(): Promise<WorkStorage> {
  if (typeof indexedDB === "undefined") throw new DOMException("IndexedDB is not available", "InvalidStateError");
  const db = await openDB<WorkDb>(DB_NAME, 2, {
    upgrade(d, from) {
      if (from < 1) {
        d.createObjectStore("work");
        d.createObjectStore("meta");
      }
      if (from < 2) d.createObjectStore("rulesets");
    },
  });
  return {
    async list() {
      const all = await db.getAll("meta");
      return all.sort((a, b) => b.savedAt - a.savedAt);
    },
    get: (tab) => db.get("work", tab),
    async put(record, urgent = false) {
      const tx = db.transaction(["work", "meta"], "readwrite");
      const done = tx.done;
      await Promise.all([
        tx.objectStore("work").put(record, record.tab),
        tx.objectStore("meta").put(metaOf(record), record.tab),
        // Committing now rather than when the task ends lets a save made in `pagehide` finish.
        urgent ? Promise.resolve(tx.commit()) : undefined,
        done,
      ]);
    },
    async remove(tabs) {
      if (!tabs.length) return;
      const tx = db.transaction(["work", "meta"], "readwrite");
      await Promise.all([
        ...tabs.flatMap((t) => [tx.objectStore("work").delete(t), tx.objectStore("meta").delete(t)]),
        tx.done,
      ]);
    },
    async putRuleset(key, blob) {
      await db.put("rulesets", blob, key);
    },
    async getRuleset(key) {
      const b = await db.get("rulesets", key);
      return b instanceof Blob ? b : null;
    },
    async pruneRulesets(keep) {
      const named = new Set([...keep, ...(await db.getAll("meta")).flatMap((m) => m.rulesets ?? [])]);
      const unnamed = (await db.getAllKeys("rulesets")).filter((k) => !named.has(k));
      if (!unnamed.length) return;
      const tx = db.transaction("rulesets", "readwrite");
      await Promise.all([...unnamed.map((k) => tx.store.delete(k)), tx.done]);
    },
  };
}

function metaOf(record: WorkRecord): WorkMeta {
  const rulesets = rulesetKeys(record);
  return { tab: record.tab, savedAt: record.savedAt, ...(rulesets.length ? { rulesets } : {}) };
}

/** IndexedDB opened at the first call that succeeds: for a window where it failed to open at start. */
export function reopening(open: () => Promise<WorkStorage> = openWorkStorage): WorkStorage {
  let opened: Promise<WorkStorage> | null = null;
  const get = () => {
    opened ??= open().catch((e: unknown) => {
      opened = null;
      throw e;
    });
    return opened;
  };
  return {
    list: async () => (await get()).list(),
    get: async (tab) => (await get()).get(tab),
    put: async (record, urgent) => (await get()).put(record, urgent),
    remove: async (tabs) => (await get()).remove(tabs),
    putRuleset: async (key, blob) => (await get()).putRuleset(key, blob),
    getRuleset: async (key) => (await get()).getRuleset(key),
    pruneRulesets: async (keep) => (await get()).pruneRulesets(keep),
  };
}

/** The same contract in memory (tests; and what a tab uses when IndexedDB cannot be opened, said in the app). */
export function memoryWorkStorage(): WorkStorage & {
  readonly records: Map<string, WorkRecord>;
  readonly rulesets: Map<string, Blob>;
} {
  const records = new Map<string, WorkRecord>();
  const rulesets = new Map<string, Blob>();
  return {
    records,
    rulesets,
    list: async () => [...records.values()].map(metaOf).sort((a, b) => b.savedAt - a.savedAt),
    get: async (tab) => structuredClone(records.get(tab)),
    put: async (record) => void records.set(record.tab, structuredClone(record)),
    remove: async (tabs) => {
      for (const t of tabs) records.delete(t);
    },
    putRuleset: async (key, blob) => void rulesets.set(key, blob),
    getRuleset: async (key) => rulesets.get(key) ?? null,
    pruneRulesets: async (keep) => {
      const named = new Set([...keep, ...[...records.values()].flatMap(rulesetKeys)]);
      for (const k of [...rulesets.keys()]) if (!named.has(k)) rulesets.delete(k);
    },
  };
}
