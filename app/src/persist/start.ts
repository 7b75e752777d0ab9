import type { Scenario } from "@nfx/scenario";
import { isLang, setLang, subscribeLang } from "../i18n";
import { restorePosition, showLinkError } from "../share/link";
import { showMessage } from "../share/messages";
import { markLinked } from "../share/use-hash-links";
import type { AppStore } from "../state/store";
import { type Channel, describeFailure, startAutosave } from "./autosave";
import { type Boot, chooseBoot } from "./boot";
import { loadWork, migrateLegacy } from "./load";
import { tabId } from "./tab";
import type { WorkRecord } from "./work-record";
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
  let saved: WorkRecord | null = null;
  let failure: Prepared["failure"] = null;
  try {
    storage = await openWorkStorage();
    saved = (await migrateLegacy(storage, localStore(), tab, Date.now())) ?? (await loadWork(storage, tab));
  } catch (e) {
    failure = describeFailure(e);
  }
  const boot = chooseBoot(location.hash, fallback, saved, navigator.language);
  const lang = params.get("lang");
  setLang(isLang(lang) ? lang : (boot.lang ?? "en"));
  if (boot.source === "link") markLinked(boot.scenario);
  else if (location.hash) history.replaceState(history.state, "", location.pathname + location.search);
  return { boot, storage, tab, failure };
}

/** Once the store exists: playback position, messages, autosave, and fresh step texts after a language switch. */
export function startPersistence(store: AppStore, prepared: Prepared): void {
  const { boot } = prepared;
  if (boot.view) restorePosition(store, boot.view);
  if (boot.linkError) showLinkError(boot.linkError);
  if (boot.textDraft !== null) store.getState().setPersist({ restoredDraft: true });
  if (prepared.failure) store.getState().setPersist({ failure: prepared.failure });
  const channel: Channel | null = typeof BroadcastChannel === "undefined" ? null : new BroadcastChannel("nfx-work");
  // Storage that could not be opened is tried again at each save ("try again" included).
  startAutosave(store, { storage: prepared.storage ?? reopening(), tab: prepared.tab, channel });
  // Frame texts are derived once per engine answer, in the language of the moment: compute them again.
  subscribeLang(() => {
    store.getState().recompute();
    if (boot.linkError) showMessage(null);
  });
}
