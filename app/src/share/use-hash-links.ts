import type { Scenario } from "@nfx/scenario";
import { useEffect } from "react";
import type { AppStore } from "../state/store";
import { clearFragment, openFragment } from "./link";

/** The scenario the address bar's fragment stands for (opened from it, or just shared). */
let linked: Scenario | null = null;

export function markLinked(scenario: Scenario): void {
  linked = scenario;
}

/**
 * Links opened while the app runs (a pasted address, back/forward) arrive as hashchange events. The fragment
 * stays in the address bar only while the scenario still is the one it carries: the first edit removes it,
 * so a reload brings back the edited (autosaved) work, not the older link.
 */
export function useHashLinks(store: AppStore): void {
  useEffect(() => {
    const onHash = () => {
      if (openFragment(store, location.hash)) markLinked(store.getState().scenario);
    };
    window.addEventListener("hashchange", onHash);
    const unsub = store.subscribe((s, prev) => {
      if (s.scenario !== prev.scenario && s.scenario !== linked && location.hash) clearFragment();
    });
    return () => {
      window.removeEventListener("hashchange", onHash);
      unsub();
    };
  }, [store]);
}
