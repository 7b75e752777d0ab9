import type { Scenario } from "@nfx/scenario";
import { isLang } from "../i18n";
import { restorePosition, showLinkError } from "../share/link";
import type { AppStore } from "../state/store";
import { startAutosave } from "./autosave";
import { type Boot, chooseBoot } from "./boot";

/** Before the store exists: decide the scenario and the language (`?lang=` overrides, for tests). */
export function prepareBoot(fallback: Scenario, params: URLSearchParams): Boot {
  const boot = chooseBoot(location.hash, fallback, undefined, navigator.language);
  const lang = params.get("lang");
  if (boot.source !== "link" && location.hash)
    history.replaceState(history.state, "", location.pathname + location.search);
  return { ...boot, lang: isLang(lang) ? lang : (boot.lang ?? "en") };
}

/**
 * Once the store exists: the link it opened on, playback position, messages and autosave. A language switch
 * needs nothing here: frames hold codes and values, worded when drawn.
 */
export function startPersistence(store: AppStore, boot: Boot): void {
  if (boot.source === "link") store.getState().markLinked(boot.scenario);
  if (boot.view) restorePosition(store, boot.view);
  if (boot.linkError) showLinkError(store, boot.linkError);
  startAutosave(store, undefined, (tooLarge) =>
    store.getState().showMessage(tooLarge ? { kind: "info", what: "too-large-to-keep" } : null),
  );
}
