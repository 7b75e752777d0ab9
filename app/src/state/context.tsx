import { createContext, type ReactNode, useContext } from "react";
import { useStore } from "zustand";
import type { AppActions, AppState, AppStore } from "./store";

const StoreContext = createContext<AppStore | null>(null);

export function StoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useAppStoreApi(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error("StoreProvider is missing");
  return store;
}

/** Subscribes to one selected slice; selectors must return stable values (see selectors.ts). */
export function useApp<T>(selector: (s: AppState & AppActions) => T): T {
  return useStore(useAppStoreApi(), selector);
}

/** Actions never change identity, so reading them does not subscribe to anything. */
export function useActions(): AppActions {
  return useAppStoreApi().getState();
}
