import { type Scenario, validateScenario } from "@nfx/scenario";
import { isLang, type Lang } from "../i18n";
import type { AppStore, Theme } from "../state/store";

/** One key, one versioned record: what the user was working on, and how they like to see it. */
export const AUTOSAVE_KEY = "nfx:work:v1";
const DEBOUNCE_MS = 400;

/**
 * Rulesets longer than this are not autosaved: localStorage holds about 5 MB, and writing a large one means
 * JSON.stringify of megabytes on the main thread after every edit. The language and theme are still saved,
 * the scenario is left out (so a reload opens the default, not an older saved one), and the user is told.
 */
export const AUTOSAVE_MAX_RULESET = 1_000_000;

export interface SavedWork {
  readonly scenario: Scenario | null;
  readonly lang: Lang | null;
  readonly theme: Theme | null;
}

const NOTHING: SavedWork = { scenario: null, lang: null, theme: null };

/** Storage as the autosave needs it; `localStorage` in the app, a Map in tests. */
export interface KeyValue {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function storage(): KeyValue | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // storage disabled (privacy mode, sandboxed frame)
  }
}

/**
 * Reads the saved work. The record is untrusted (another tab, an older version, a hand edit): anything that
 * does not validate is ignored, never half-used.
 */
export function loadSaved(kv: KeyValue | null = storage()): SavedWork {
  let raw: string | null = null;
  try {
    raw = kv?.getItem(AUTOSAVE_KEY) ?? null;
  } catch {
    return NOTHING;
  }
  if (!raw) return NOTHING;
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    return NOTHING;
  }
  if (typeof doc !== "object" || doc === null) return NOTHING;
  const d = doc as Record<string, unknown>;
  const checked = d.scenario === undefined ? null : validateScenario(d.scenario);
  return {
    scenario: checked?.ok ? checked.value : null,
    lang: isLang(d.lang) ? d.lang : null,
    theme: d.theme === "light" || d.theme === "dark" ? d.theme : null,
  };
}

/** Saves now; returns false when the scenario was too large to keep (see `AUTOSAVE_MAX_RULESET`). */
export function saveNow(store: AppStore, kv: KeyValue | null = storage()): boolean {
  const s = store.getState();
  const fits = s.scenario.ruleset.length <= AUTOSAVE_MAX_RULESET;
  try {
    const scenario = fits ? s.scenario : undefined;
    kv?.setItem(AUTOSAVE_KEY, JSON.stringify({ v: 1, scenario, lang: s.lang, theme: s.theme }));
  } catch {
    // Quota exceeded or storage disabled: the work stays in memory; nothing better to do here.
  }
  return fits;
}

/**
 * Saves the scenario, language and theme a moment after each change, and at once when the page is hidden or
 * closed. Returns a function that stops it.
 */
export function startAutosave(
  store: AppStore,
  kv: KeyValue | null = storage(),
  onTooLarge: (tooLarge: boolean) => void = () => {},
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let tooLarge = false;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    const fits = saveNow(store, kv);
    if (fits === tooLarge) {
      tooLarge = !fits;
      onTooLarge(tooLarge);
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  };
  const unsubStore = store.subscribe((s, prev) => {
    if (s.scenario !== prev.scenario || s.theme !== prev.theme || s.lang !== prev.lang) schedule();
  });
  const onHide = () => {
    if (timer) flush();
  };
  const onVisibility = () => {
    if (document.visibilityState === "hidden") onHide();
  };
  if (typeof window !== "undefined") {
    window.addEventListener("pagehide", onHide);
    document.addEventListener("visibilitychange", onVisibility);
  }
  return () => {
    unsubStore();
    if (typeof window !== "undefined") {
      window.removeEventListener("pagehide", onHide);
      document.removeEventListener("visibilitychange", onVisibility);
    }
    if (timer) flush();
  };
}
