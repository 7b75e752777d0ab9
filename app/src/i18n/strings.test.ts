import { describe, expect, it } from "vitest";
import { LANGS, stringsFor } from "./index";

/** Every path to a leaf of a strings table, with the leaf's kind: text, a sentence function, a list. */
function leaves(value: unknown, path = ""): string[] {
  if (typeof value === "function") return [`${path}: function`];
  if (typeof value === "string") return [`${path}: text`];
  if (Array.isArray(value)) return [`${path}: list`];
  if (typeof value === "object" && value !== null)
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [`${path}: ${typeof value}`];
}

describe("the strings of every language", () => {
  const en = leaves(stringsFor("en"));

  it("has every key English has, of the same kind, and no other", () => {
    // The type checker keeps zh in the shape of en; this also catches a key added by a cast or an `as`.
    expect(en.length).toBeGreaterThan(300);
    for (const lang of LANGS) expect(leaves(stringsFor(lang)).sort(), lang).toEqual([...en].sort());
  });

  it("has no empty text", () => {
    for (const lang of LANGS) {
      const empty = leaves(stringsFor(lang)).filter((l) => l.endsWith(": text"));
      const blank = empty.filter((l) => {
        const path = l.slice(0, -": text".length).split(".");
        const text = path.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], stringsFor(lang));
        return typeof text === "string" && text.trim() === "";
      });
      expect(blank, lang).toEqual([]);
    }
  });
});
