import { decodeShareLink, type LinkError, type Scenario } from "@nfx/scenario";
import { isLang, type Lang } from "../i18n";
import type { ViewPosition } from "../share/position";
import type { PageScenario } from "../state/ruleset";
import type { HeldScenario, Theme } from "../state/store";
import type { HandleRef, RestoredWork, WorkRecord } from "./work-record";

/** A saved record and, once its rulesets' Blobs were looked up, its scenarios as the page holds them. */
export type SavedWork = WorkRecord & { readonly restored?: RestoredWork };

/** What the app opens on, and why. */
export interface Boot {
  readonly scenario: PageScenario;
  readonly source: "link" | "autosave" | "default";
  readonly view: ViewPosition | null;
  readonly lang: Lang | null;
  readonly theme: Theme | null;
  /** A fragment was there but could not be opened; the autosaved work (or the default) is shown instead. */
  readonly linkError: LinkError | null;
  /** Ruleset text that was being edited, not applied yet (valid or not). */
  readonly textDraft: string | null;
  /** nftables text that was being edited, not applied yet (valid or not). */
  readonly nftDraft: string | null;
  /** A scenario set aside because it did not compute: offered, never run by itself. */
  readonly held: HeldScenario | null;
  /** What to show if the opening scenario does not compute (a slow link): the saved work, else the default. */
  readonly fallback: PageScenario;
  /** The saved work named a large ruleset whose file is no longer in storage: said plainly, not hidden. */
  readonly lost: HandleRef | null;
}

/**
 * Chooses the opening scenario: a share link when it decodes, else the autosaved work, else the default.
 * A bad link never costs the user their work. The language comes from the link only if the sender put it there.
 */
export function chooseBoot(hash: string, fallback: Scenario, saved: SavedWork | null, browserLang = ""): Boot {
  const savedScenario = saved ? (saved.restored?.scenario ?? saved.scenario) : null;
  const base = {
    lang: saved?.lang ?? (browserLang.toLowerCase().startsWith("zh") ? ("zh" as const) : null),
    theme: saved?.theme ?? null,
    held: saved ? (saved.restored ? saved.restored.held : saved.held) : null,
    lost: saved?.restored?.lost ?? null,
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
        // The draft belonged to the saved ruleset, not to the link's.
        textDraft: null,
        nftDraft: null,
        fallback: savedScenario ?? fallback,
      };
    }
    linkError = decoded.error;
  }
  return {
    ...base,
    scenario: savedScenario ?? fallback,
    source: saved ? "autosave" : "default",
    view: null,
    linkError,
    textDraft: saved?.textDraft ?? null,
    nftDraft: saved?.nftDraft ?? null,
    fallback,
  };
}
