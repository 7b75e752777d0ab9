import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseNft, parseNftJson, printNft } from "../src/index";

const dir = join(import.meta.dirname, "golden");
const read = (suffix: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => readFileSync(join(dir, f), "utf8"));

/** A small seeded generator, so a failure names a case that can be run again. */
function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const PIECES = [
  "{",
  "}",
  ";",
  "\n",
  '"',
  "@",
  "$",
  ":",
  ".",
  ",",
  "-",
  "/",
  "#",
  "(",
  ")",
  "vmap",
  "jump",
  "map",
  "!=",
  "\\",
];

function mutate(text: string, r: (n: number) => number): string {
  let t = text;
  for (let k = 1 + r(4); k > 0; k--) {
    const at = r(t.length + 1);
    switch (r(4)) {
      case 0:
        t = t.slice(0, at) + t.slice(at + 1 + r(20));
        break;
      case 1:
        t = t.slice(0, at) + PIECES[r(PIECES.length)] + t.slice(at);
        break;
      case 2:
        t = t.slice(0, at);
        break;
      default:
        t = t.slice(0, at) + String.fromCharCode(r(128)) + t.slice(at);
    }
  }
  return t;
}

describe("the nft parsers never throw", () => {
  it("on 1,000 damaged copies of the golden inputs and listings, and print what they keep", () => {
    const texts = [...read(".input.nft"), ...read(".listing.nft")];
    const r = rng(20261203);
    const failures: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const text = mutate(texts[i % texts.length]!, r);
      const result = parseNft(text);
      if (result.diagnostics.some((d) => d.code === "nft.internal"))
        failures.push(`case ${i}: ${JSON.stringify(text)}`);
      printNft(result.ruleset);
    }
    expect(failures).toEqual([]);
  }, 30_000);

  it("on 300 damaged copies of the golden JSON", () => {
    const texts = read(".listing.json");
    const r = rng(7);
    const failures: number[] = [];
    for (let i = 0; i < 300; i++) {
      const result = parseNftJson(mutate(texts[i % texts.length]!, r));
      if (result.diagnostics.some((d) => d.message.includes("internal error"))) failures.push(i);
    }
    expect(failures).toEqual([]);
  });

  it("on JSON of the wrong shape", () => {
    for (const text of [
      "null",
      "[]",
      '{"nftables": 3}',
      '{"nftables": [null, 1, "x", {"rule": {}}, {"chain": {"family": "inet"}}]}',
    ]) {
      expect(() => parseNftJson(text)).not.toThrow();
    }
  });
});
