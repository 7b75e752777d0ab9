import type { AppState, AppStore, PersistStatus } from "../state/store";
import { dropLastRecord, keepLastRecord } from "./last-record";
import { renewTabId } from "./tab";
import { handlesOf, recordOf, rulesetKeys } from "./work-record";
import type { WorkStorage } from "./work-storage";

/** Records of other tabs are kept this long after their last save, and at most this many besides this tab's. */
const KEEP_MS = 30 * 24 * 3600 * 1000;
const KEEP_OTHERS = 8;

/** What tabs tell each other on the `nfx-work` channel. */
type TabMessage =
  | { readonly type: "saved"; readonly tab: string; readonly savedAt: number }
  | { readonly type: "hello"; readonly tab: string }
  | { readonly type: "taken"; readonly tab: string };

function isTabMessage(x: unknown): x is TabMessage {
  const m = x as { type?: unknown; tab?: unknown } | null;
  return typeof m === "object" && m !== null && typeof m.tab === "string" && typeof m.type === "string";
}

/** The part of `BroadcastChannel` used here, so tests can hand in a fake. */
export interface Channel {
  postMessage(msg: TabMessage): void;
  onmessage: ((ev: MessageEvent<unknown>) => void) | null;
  close(): void;
}

export interface AutosaveOptions {
  readonly storage: WorkStorage;
  readonly tab: string;
  readonly channel?: Channel | null;
  readonly now?: () => number;
  /** Keys of ruleset Blobs already in storage (the work this tab opened on), so they are not written again. */
  readonly stored?: Iterable<string>;
}

/** A failed save, in the words the notice uses: full storage, storage not allowed, or anything else. */
export function describeFailure(e: unknown): NonNullable<PersistStatus["failure"]> {
  const name = e instanceof DOMException || e instanceof Error ? e.name : "";
  const message = e instanceof Error || e instanceof DOMException ? e.message : String(e);
  if (name === "QuotaExceededError") return { reason: "quota", message };
  if (name === "InvalidStateError" || name === "SecurityError" || name === "UnknownError")
    return { reason: "unavailable", message };
  return { reason: "error", message };
}

const relevant = (s: AppState, prev: AppState) =>
  s.scenario !== prev.scenario ||
  s.textDraft !== prev.textDraft ||
  s.nftDraft !== prev.nftDraft ||
  s.held !== prev.held ||
  s.theme !== prev.theme ||
  s.lang !== prev.lang;

/**
 * Saves this tab's work at every change: the write starts at once (a change made while one is being written
 * is written right after it, the newest only), and again at once when the page is hidden or closed. A failed
 * save is put in the store for the notice; the next change tries again. Other tabs are told of each save.
 * Returns a function that stops it.
 */
export function startAutosave(store: AppStore, opts: AutosaveOptions): () => void {
  const now = opts.now ?? Date.now;
  let tab = opts.tab;
  let writing = false;
  let dirty = false;
  let pruned = false;
  /** Ruleset Blobs known to be in storage, by key: each is written once, before the first record naming it. */
  const stored = new Set(opts.stored ?? []);
  /** The keys this tab's last written record named; when they change, Blobs no record names are removed. */
  let named = "";

  const write = async (urgent: boolean) => {
    const state = store.getState();
    const record = recordOf(state, state.lang, tab, now());
    try {
      for (const h of handlesOf(state)) {
        if (stored.has(h.key)) continue;
        await opts.storage.putRuleset(h.key, h.blob);
        stored.add(h.key);
      }
      await opts.storage.put(record, urgent);
      const keys = rulesetKeys(record).join();
      if (keys !== named) {
        named = keys;
        // An edit of a large ruleset is a new Blob; the one it replaced is no longer named (unless by another tab).
        void opts.storage.pruneRulesets(new Set(handlesOf(store.getState()).map((h) => h.key))).catch(() => {});
      }
      dropLastRecord(record.savedAt);
      if (store.getState().persist.failure) store.getState().setPersist({ failure: null });
      opts.channel?.postMessage({ type: "saved", tab, savedAt: record.savedAt });
      if (!pruned) {
        pruned = true;
        void prune();
      }
    } catch (e) {
      store.getState().setPersist({ failure: describeFailure(e) });
    }
  };
  const pump = async () => {
    writing = true;
    while (dirty) {
      dirty = false;
      await write(false);
    }
    writing = false;
  };
  const save = () => {
    dirty = true;
    if (!writing) void pump();
  };
  /**
   * The page is going away: whatever is not written yet, or still being written, is written again now and
   * committed at once, without waiting for the write in flight.
   */
  const flush = () => {
    if (!dirty && !writing) return;
    dirty = false;
    // The write below may not commit before the page is gone: the record is also kept synchronously.
    keepLastRecord(recordOf(store.getState(), store.getState().lang, tab, now()));
    void write(true);
  };
  const prune = async () => {
    try {
      const t = now();
      const others = (await opts.storage.list()).filter((m) => m.tab !== tab);
      const stale = others.filter((m, i) => i >= KEEP_OTHERS || t - m.savedAt > KEEP_MS).map((m) => m.tab);
      await opts.storage.remove(stale);
      await opts.storage.pruneRulesets(new Set(handlesOf(store.getState()).map((h) => h.key)));
    } catch {
      // Pruning is housekeeping: a failure here costs nothing the user made.
    }
  };

  const unsubStore = store.subscribe((s, prev) => {
    // A failure notice dismissed ("try again") saves again; a new failure brings the notice back.
    if (relevant(s, prev) || (prev.persist.failure && !s.persist.failure)) save();
  });

  const channel = opts.channel ?? null;
  if (channel) {
    channel.onmessage = (ev) => {
      const m = ev.data;
      if (!isTabMessage(m)) return;
      if (m.type === "hello" && m.tab === tab) channel.postMessage({ type: "taken", tab });
      else if (m.type === "taken" && m.tab === tab) {
        tab = renewTabId();
        save();
      } else if (m.type === "saved" && m.tab !== tab) store.getState().setPersist({ otherTab: m.savedAt });
    };
    channel.postMessage({ type: "hello", tab });
  }

  const onVisibility = () => {
    if (document.visibilityState === "hidden") flush();
  };
  if (typeof window !== "undefined") {
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", onVisibility);
  }
  return () => {
    unsubStore();
    channel?.close();
    if (typeof window !== "undefined") {
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onVisibility);
    }
    flush();
  };
}
