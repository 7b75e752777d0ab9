import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { LangRoot } from "./i18n/LangRoot";
import { readPanelsOpen, rememberPanels } from "./persist/panels-pref";
import { prepareBoot, startPersistence } from "./persist/start";
import { RulesProvider } from "./rules/context";
import { DEFAULT_SCENARIO } from "./scenario/default";
import { createWorkerEngine, spawnSimWorker } from "./sim/worker-engine";
import { StoreProvider } from "./state/context";
import { type AppStore, createAppStore, engineRestarted } from "./state/store";
import "./styles.css";

const params = new URLSearchParams(location.search);

/** localStorage, or null where reading it throws (blocked cookies). */
function browserStorage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}
const reduced = matchMedia("(prefers-reduced-motion: reduce)");
const dark = matchMedia("(prefers-color-scheme: dark)");

// A share link in the fragment, else this tab's autosaved work, else the newest of any tab, else the default.
const prepared = await prepareBoot(DEFAULT_SCENARIO, params);
const boot = prepared.boot;

const engine = createWorkerEngine({
  spawn: spawnSimWorker,
  // `?timeout=MS` lowers the limit (the journeys use it); a timed-out scenario is held, never rerun by itself.
  timeoutMs: Number(params.get("timeout")) || 8000,
  // Only called after a request, so `store` (declared below) exists by then. A timed-out scenario is held by
  // the store and never rerun by itself.
  onRestart: (why) => {
    engineRestarted(store, why);
  },
});

const store: AppStore = createAppStore({
  engine,
  scenario: boot.scenario,
  animate: params.get("motion") !== "off",
  reducedMotion: reduced.matches,
  theme: (params.get("theme") as "light" | "dark" | null) ?? boot.theme ?? (dark.matches ? "dark" : "light"),
  lang: boot.lang ?? "en",
  textDraft: boot.textDraft,
  nftDraft: boot.nftDraft,
  held: boot.held,
  fallback: boot.fallback,
  panelsOpen: readPanelsOpen(browserStorage()) ?? true,
});
startPersistence(store, prepared);
rememberPanels(store, browserStorage());
reduced.addEventListener("change", (e) => store.getState().setReducedMotion(e.matches));

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <StoreProvider store={store}>
      <LangRoot>
        <RulesProvider engine={engine}>
          <App />
        </RulesProvider>
      </LangRoot>
    </StoreProvider>
  </StrictMode>,
);
