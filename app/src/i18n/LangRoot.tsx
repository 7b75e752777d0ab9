import { type ReactNode, useEffect } from "react";
import { htmlLang } from ".";
import { useLang } from "./use-t";

/**
 * Keeps the document's `lang` attribute on the instance's language. A switch only re-renders: components read
 * their strings through `useT()`, and frames hold codes and values, so nothing is simulated again.
 */
export function LangRoot({ children }: { children: ReactNode }) {
  const lang = useLang();
  useEffect(() => {
    document.documentElement.lang = htmlLang(lang);
  }, [lang]);
  return children;
}
