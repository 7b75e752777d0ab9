import { useApp } from "../state/context";
import { type Lang, type Strings, stringsFor } from ".";

/** The interface language of this app instance. */
export function useLang(): Lang {
  return useApp((s) => s.lang);
}

/** The strings in this app instance's language; the component re-renders when the language changes. */
export function useT(): Strings {
  return stringsFor(useLang());
}
