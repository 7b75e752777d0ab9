import type { Scenario } from "@nfx/scenario";
import { isLang } from "../i18n";
import { restorePosition, showLinkError } from "../share/link";
import type { AppStore } from "../state/store";
import { type Channel, describeFailure, startAutosave } from "./autosave";
import type { SavedWork } from "./boot";
import { type Boot, chooseBoot } from "./boot";
import { readLastRecord } from "./last-record";
import { loadWork, migrateLegacy } from "./load";
import { tabId } from "./tab";
import { restoreHandles } from "./work-record";
import { openWorkStorage, reopening, type WorkStorage } from "./work-storage";

/** What the page found in storage before the store exists. */
export interface Prepared {
  readonly boot: Boot;
  readonly storage: WorkStorage | null;
  readonly tab: string;
  /** Why the saved work could not be read or will not be saved (said at once, with a download). */
  readonly failure: ReturnType<typeof describeFailure> | null;
}

function localStore() {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}

/** Before the store exists: read the saved work, decide the scenario, apply the language (`?lang=` overrides, for tests). */
export async function prepareBoot(fallback: Scenario, params: URLSearchParams): Promise<Prepared> {
  const tab = tabId();
  let storage: WorkStorage | null = null;
  let saved: SavedWork | null = null;
  let failure: Prepared["failure"] = null;
  try {
    storage = await openWorkStorage();
    saved = (await migrateLegacy(storage, localStore(), tab, Date.now())) ?? (await loadWork(storage, tab));
    // This tab's work as it stood just before a reload may be newer than what IndexedDB committed.
    const last = readLastRecord();
    if (last && last.tab === tab && (!saved || saved.tab !== tab || last.savedAt >= saved.savedAt)) saved = last;
    // A large ruleset's file is kept apart from the record (work-storage.ts): found again by its key.
    const store = storage;
    if (saved?.handles) saved = { ...saved, restored: await restoreHandles(saved, (key) => store.getRuleset(key)) };
  } catch (e) {
    failure = describeFailure(e);
  }
  const chosen = chooseBoot(location.hash, fallback, saved, navigator.language);
  const lang = params.get("lang");
  const boot: Boot = { ...chosen, lang: isLang(lang) ? lang : (chosen.lang ?? "en") };
  if (boot.source !== "link" && location.hash)
    history.replaceState(history.state, "", location.pathname + location.search);
  return { boot, storage, tab, failure };
}

/**
 * Once the store exists: the link it opened on, playback position, messages and autosave. A language switch
 * needs nothing here: frames hold codes and values, worded when drawn.
 */
export function startPersistence(store: AppStore, prepared: Prepared): void {
  const { boot } = prepared;
  if (boot.source === "link") store.getState().markLinked(boot.scenario);
  if (boot.view) restorePosition(store, boot.view);
  if (boot.linkError) showLinkError(store, boot.linkError);
  if (boot.textDraft !== null || boot.nftDraft !== null) store.getState().setPersist({ restoredDraft: true });
  if (prepared.failure) store.getState().setPersist({ failure: prepared.failure });
  if (boot.lost) store.getState().showMessage({ kind: "ruleset-lost", name: boot.lost.name, bytes: boot.lost.bytes });
  const channel: Channel | null = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel("nfx-work");
  // Storage that could not be opened is tried again at each save ("try again" included).
  startAutosave(store, {
    storage: prepared.storage ?? reopening(),
    tab: prepared.tab,
    channel,
    stored: keptKeys(boot),
  });
}

/** The keys of the ruleset Blobs the work opened on, already in storage: the autosave does not write them again. */
function keptKeys(boot: Boot): string[] {
  return [boot.scenario.ruleset, boot.held?.scenario.ruleset].flatMap((r) =>
    r !== undefined && typeof r !== "string" ? [r.key] : [],
  );
}
