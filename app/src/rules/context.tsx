import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { useStore } from "zustand";
import type { Engine } from "../sim/engine";
import { useAppStoreApi } from "../state/context";
import { createRulesController, type RulesController, type RulesUiState } from "./controller";

const Ctx = createContext<RulesController | null>(null);

/** Gives the rules panel and the text editor one controller per app store. */
export function RulesProvider({ engine, children }: { engine: Engine; children: ReactNode }) {
  const app = useAppStoreApi();
  const [controller] = useState(() => createRulesController(app, engine));
  useEffect(() => controller.connect(), [controller]);
  return <Ctx.Provider value={controller}>{children}</Ctx.Provider>;
}

export function useRules(): RulesController {
  const c = useContext(Ctx);
  if (!c) throw new Error("RulesProvider is missing");
  return c;
}

export function useRulesUi<T>(selector: (s: RulesUiState) => T): T {
  return useStore(useRules().ui, selector);
}
