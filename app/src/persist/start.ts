import type { Scenario } from "@nfx/scenario";
import { isLang, setLang, subscribeLang, t } from "../i18n";
import { restorePosition, showLinkError } from "../share/link";
import { showMessage } from "../share/messages";
import { markLinked } from "../share/use-hash-links";
import type { AppStore } from "../state/store";
import { startAutosave } from "./autosave";
import { type Boot, chooseBoot } from "./boot";

/** Before the store exists: decide the scenario and apply the language (`?lang=` overrides, for tests). */
export function prepareBoot(fallback: Scenario, params: URLSearchParams): Boot {
  const boot = chooseBoot(location.hash, fallback, undefined, navigator.language);
  const lang = params.get("lang");
  setLang(isLang(lang) ? lang : (boot.lang ?? "en"));
  if (boot.source === "link") markLinked(boot.scenario);
  else if (location.hash) history.replaceState(history.state, "", location.pathname + location.search);
  return boot;
}

/** Once the store exists: playback position, messages, autosave, and fresh step texts after a language switch. */
export function startPersistence(store: AppStore, boot: Boot): void {
  if (boot.view) restorePosition(store, boot.view);
  if (boot.linkError) showLinkError(boot.linkError);
  startAutosave(store, undefined, (tooLarge) =>
    showMessage(tooLarge ? { kind: "info", title: t.persist.tooLarge } : null),
  );
  // Frame texts are derived once per engine answer, in the language of the moment: compute them again.
  subscribeLang(() => {
    store.getState().recompute();
    if (boot.linkError) showMessage(null);
  });
}
