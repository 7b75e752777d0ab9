import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { DEFAULT_SCENARIO } from "./scenario/default";
import { createWorkerEngine, spawnSimWorker } from "./sim/worker-engine";
import { StoreProvider } from "./state/context";
import { type AppStore, createAppStore, engineRestarted } from "./state/store";
import "./styles.css";

const params = new URLSearchParams(location.search);
const reduced = matchMedia("(prefers-reduced-motion: reduce)");
const dark = matchMedia("(prefers-color-scheme: dark)");

let store: AppStore | null = null;
const engine = createWorkerEngine({
  spawn: spawnSimWorker,
  timeoutMs: Number(params.get("timeout")) || 8000,
  // The scenario lives in the store, so a fresh worker only needs the latest one again.
  onRestart: (why) => {
    if (!store) return;
    engineRestarted(store, why);
    queueMicrotask(() => store?.getState().recompute());
  },
});

store = createAppStore({
  engine,
  scenario: DEFAULT_SCENARIO,
  animate: params.get("motion") !== "off",
  reducedMotion: reduced.matches,
  theme: (params.get("theme") as "light" | "dark" | null) ?? (dark.matches ? "dark" : "light"),
});
reduced.addEventListener("change", (e) => store?.getState().setReducedMotion(e.matches));

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
