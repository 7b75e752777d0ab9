import { useEffect } from "react";
import type { AppStore } from "../state/store";
import { clearFragment, openFragment } from "./link";

/**
 * Links opened while the app runs (a pasted address, back/forward) arrive as hashchange events. The fragment
 * stays in the address bar only while the scenario still is the one it carries (the store's `linked`): the
 * first edit removes it, so a reload brings back the edited (autosaved) work, not the older link.
 */
export function useHashLinks(store: AppStore): void {
  useEffect(() => {
    const onHash = () => {
      if (openFragment(store, location.hash)) store.getState().markLinked(store.getState().scenario);
    };
    window.addEventListener("hashchange", onHash);
    const unsub = store.subscribe((s, prev) => {
      if (s.scenario !== prev.scenario && s.scenario !== s.linked && location.hash) clearFragment();
    });
    return () => {
      window.removeEventListener("hashchange", onHash);
      unsub();
    };
  }, [store]);
}
