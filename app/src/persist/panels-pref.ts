import type { AppStore } from "../state/store";

/** Per browser, like the tour's dismissal: a teacher who closes the panels for the projector finds them closed. */
const KEY = "nfx.panels.open";

/** The remembered state of the panels' sheet; null when none is remembered or storage is blocked. */
export function readPanelsOpen(storage: Pick<Storage, "getItem"> | null): boolean | null {
  try {
    const v = storage?.getItem(KEY);
    return v === "1" ? true : v === "0" ? false : null;
  } catch {
    return null;
  }
}

/** Keeps the sheet's state in `storage` whenever it changes; returns the unsubscribe. */
export function rememberPanels(store: AppStore, storage: Pick<Storage, "setItem"> | null): () => void {
  return store.subscribe((s, prev) => {
    if (s.panelsOpen === prev.panelsOpen) return;
    try {
      storage?.setItem(KEY, s.panelsOpen ? "1" : "0");
    } catch {
      // Not remembered: the next visit opens with the panels shown, nothing else is lost.
    }
  });
}
