import { en, type Strings } from "./en";
import { zh } from "./zh";

export type Lang = "en" | "zh";
export const LANGS: readonly Lang[] = ["en", "zh"];
const TABLES: Record<Lang, Strings> = { en, zh };

let current: Lang = "en";
const listeners = new Set<() => void>();

export function getLang(): Lang {
  return current;
}

/** Switches the interface language; subscribers (the app root) re-render everything. */
export function setLang(lang: Lang): void {
  if (lang === current || !TABLES[lang]) return;
  current = lang;
  if (typeof document !== "undefined") document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const l of listeners) l();
}

export function subscribeLang(listener: () => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function isLang(x: unknown): x is Lang {
  return x === "en" || x === "zh";
}

/** Resolves `path` in the active table; objects stay lazy so `const s = t.explain` follows later switches. */
function lazy(path: readonly string[]): object {
  const resolve = (): Record<string, unknown> => {
    let o: unknown = TABLES[current];
    for (const k of path) o = (o as Record<string, unknown>)[k];
    return o as Record<string, unknown>;
  };
  return new Proxy(
    {},
    {
      get(_, key) {
        const v = resolve()[key as string];
        if (typeof key === "symbol" || v === null || typeof v !== "object") return v;
        return lazy([...path, key]);
      },
      has: (_, key) => key in resolve(),
      ownKeys: () => Reflect.ownKeys(resolve()),
      getOwnPropertyDescriptor: (_, key) => {
        const d = Reflect.getOwnPropertyDescriptor(resolve(), key);
        return d ? { ...d, configurable: true } : undefined;
      },
    },
  );
}

/**
 * The active strings. Reading `t.a.b` always answers in the current language, even through a reference to
 * `t.a` taken at import time; a string copied into a module constant does not follow a switch.
 */
export const t: Strings = lazy([]) as Strings;
export type { Strings } from "./en";
