import { decodeShareLink, type LinkError, type Scenario } from "@nfx/scenario";
import { isLang, type Lang } from "../i18n";
import type { ViewPosition } from "../share/position";
import type { Theme } from "../state/store";
import { type KeyValue, loadSaved } from "./autosave";

/** What the app opens on, and why. */
export interface Boot {
  readonly scenario: Scenario;
  readonly source: "link" | "autosave" | "default";
  readonly view: ViewPosition | null;
  readonly lang: Lang | null;
  readonly theme: Theme | null;
  /** A fragment was there but could not be opened; the autosaved work (or the default) is shown instead. */
  readonly linkError: LinkError | null;
}

/**
 * Chooses the opening scenario: a share link when it decodes, else the autosaved work, else the default.
 * A bad link never costs the user their work. The language comes from the link only if the sender put it there.
 */
export function chooseBoot(hash: string, fallback: Scenario, kv?: KeyValue | null, browserLang = ""): Boot {
  const saved = loadSaved(kv);
  const base = {
    lang: saved.lang ?? (browserLang.toLowerCase().startsWith("zh") ? ("zh" as const) : null),
    theme: saved.theme,
  };
  const fragment = hash.startsWith("#") ? hash.slice(1) : hash;
  let linkError: LinkError | null = null;
  if (fragment) {
    const decoded = decodeShareLink(fragment);
    if (decoded.ok) {
      const v = decoded.value;
      return {
        ...base,
        scenario: v.scenario,
        source: "link",
        view: v.view ?? null,
        lang: isLang(v.lang) ? v.lang : base.lang,
        linkError: null,
      };
    }
    linkError = decoded.error;
  }
  return {
    ...base,
    scenario: saved.scenario ?? fallback,
    source: saved.scenario ? "autosave" : "default",
    view: null,
    linkError,
  };
}
