import { en, type Strings } from "./en";
import { zh } from "./zh";

export type Lang = "en" | "zh";
export const LANGS: readonly Lang[] = ["en", "zh"];
const TABLES: Readonly<Record<Lang, Strings>> = { en, zh };

export function isLang(x: unknown): x is Lang {
  return x === "en" || x === "zh";
}

/**
 * The strings of one language. The language itself belongs to each app instance (its store): components read
 * them through `useT()`, plain functions take them as a parameter, and nothing caches text across a switch.
 */
export function stringsFor(lang: Lang): Strings {
  return TABLES[lang];
}

/** The `lang` attribute for the document: BCP 47, so screen readers and fonts pick Simplified Chinese. */
export function htmlLang(lang: Lang): string {
  return lang === "zh" ? "zh-CN" : "en";
}

export type { AnswerFacts, Strings } from "./en";
