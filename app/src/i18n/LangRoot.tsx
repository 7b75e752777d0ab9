import { Fragment, type ReactNode, useSyncExternalStore } from "react";
import { getLang, subscribeLang } from ".";

/**
 * Remounts the interface when the language changes, so every component, memoised or not, reads the new
 * strings. The store (scenario, playback) lives outside and is untouched.
 */
export function LangRoot({ children }: { children: ReactNode }) {
  const lang = useSyncExternalStore(subscribeLang, getLang);
  return <Fragment key={lang}>{children}</Fragment>;
}
