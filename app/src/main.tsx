import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { LangRoot } from "./i18n/LangRoot";
import { prepareBoot, startPersistence } from "./persist/start";
import { RulesProvider } from "./rules/context";
import { DEFAULT_SCENARIO } from "./scenario/default";
import { createWorkerEngine, spawnSimWorker } from "./sim/worker-engine";
import { StoreProvider } from "./state/context";
import { type AppStore, createAppStore, engineRestarted } from "./state/store";
import "./styles.css";

const params = new URLSearchParams(location.search);
const reduced = matchMedia("(prefers-reduced-motion: reduce)");
const dark = matchMedia("(prefers-color-scheme: dark)");

// A share link in the fragment, else the autosaved work, else the default (issue 6).
const boot = prepareBoot(DEFAULT_SCENARIO, params);

const engine = createWorkerEngine({
  spawn: spawnSimWorker,
  timeoutMs: Number(params.get("timeout")) || 8000,
  // The scenario lives in the store, so a fresh worker only needs the latest one again.
  // Only called after a request, so `store` (declared below) exists by then.
  onRestart: (why) => {
    engineRestarted(store, why);
    queueMicrotask(() => store.getState().recompute());
  },
});

const store: AppStore = createAppStore({
  engine,
  scenario: boot.scenario,
  animate: params.get("motion") !== "off",
  reducedMotion: reduced.matches,
  theme: (params.get("theme") as "light" | "dark" | null) ?? boot.theme ?? (dark.matches ? "dark" : "light"),
  lang: boot.lang ?? "en",
});
startPersistence(store, boot);
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
