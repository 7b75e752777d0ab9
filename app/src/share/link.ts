import { decodeShareLink, encodeShareLink, type LinkError, type SharedView } from "@nfx/scenario";
import type { Lang } from "../i18n";
import { inlineScenario } from "../state/ruleset";
import { selectFrames } from "../state/selectors";
import type { AppState, AppStore } from "../state/store";
import { cursorFor, positionOf, type ViewPosition } from "./position";

/**
 * The fragment (without `#`) that reopens the current view; the language only when the sender asks. Null when
 * the ruleset is held in the worker (ruleset-source.ts): it is larger than any link carries, and the page does
 * not have its text to put in one.
 */
export function fragmentFor(state: AppState, lang: Lang | null): string | null {
  const scenario = inlineScenario(state.scenario);
  if (!scenario) return null;
  const shared: SharedView = {
    scenario,
    view: positionOf(selectFrames(state), state.cursor),
    ...(lang ? { lang } : {}),
  };
  return encodeShareLink(shared);
}

/** The full address to hand out: this page, without its query (motion, theme are the reader's own choices). */
export function shareUrl(fragment: string, loc: Pick<Location, "origin" | "pathname"> = location): string {
  return `${loc.origin}${loc.pathname}#${fragment}`;
}

/** Runs `fn` once the engine has answered for the store's latest revision. */
export function whenComputed(store: AppStore, fn: () => void): () => void {
  const ready = (s: AppState) => s.status === "idle" && s.viewRevision === s.revision && s.view !== null;
  if (ready(store.getState())) {
    fn();
    return () => {};
  }
  const unsub = store.subscribe((s) => {
    if (!ready(s)) return;
    unsub();
    fn();
  });
  return unsub;
}

/** Moves playback to a link's position once the scenario it came with has been computed. */
export function restorePosition(store: AppStore, view: ViewPosition): void {
  whenComputed(store, () => store.getState().setCursor(cursorFor(selectFrames(store.getState()), view)));
}

/** Opens a decoded link: language (if it carries one), scenario, then the playback position. */
export function openShared(store: AppStore, value: SharedView): void {
  if (value.lang) store.getState().setLang(value.lang);
  store.getState().resetScenario(value.scenario);
  if (value.view) restorePosition(store, value.view);
}

/** Says that a link could not be opened: its code (worded in the reader's language when shown), the codec's reason. */
export function showLinkError(store: AppStore, error: LinkError): void {
  store.getState().showMessage({ kind: "link-error", code: error.code, detail: error.message });
}

/** Removes the fragment from the address bar without a reload or a hashchange event. */
export function clearFragment(): void {
  if (location.hash) history.replaceState(history.state, "", location.pathname + location.search);
}

/**
 * Opens the fragment of the address bar, if any. A good link replaces the scenario; a bad one leaves the
 * user's work alone and says why. Returns whether a link was opened.
 */
export function openFragment(store: AppStore, hash: string): boolean {
  const fragment = hash.startsWith("#") ? hash.slice(1) : hash;
  if (!fragment) return false;
  const decoded = decodeShareLink(fragment);
  if (!decoded.ok) {
    showLinkError(store, decoded.error);
    clearFragment();
    return false;
  }
  store.getState().showMessage(null);
  openShared(store, decoded.value);
  return true;
}
