import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseNft, parseNftJson, printNft } from "../src/index";
import { withoutJsonGaps } from "./strip";

// Each NAME.input.nft was loaded with the real `nft -f` in a network namespace; NAME.listing.nft and
// NAME.listing.json are the kernel's `nft -a list ruleset` and `nft -j list ruleset` (scripts/regen-goldens.sh).
const dir = join(import.meta.dirname, "golden");
const names = readdirSync(dir)
  .filter((f) => f.endsWith(".input.nft"))
  .map((f) => f.slice(0, -".input.nft".length))
  .sort();
const read = (f: string) => readFileSync(join(dir, f), "utf8");
const errors = (r: ReturnType<typeof parseNft>) => r.diagnostics.filter((d) => d.severity === "error");

describe("nft golden rulesets, as the kernel lists them", () => {
  it("has 20 or more rulesets", () => expect(names.length).toBeGreaterThanOrEqual(20));

  for (const name of names) {
    describe(name, () => {
      const listing = read(`${name}.listing.nft`);
      it("parses the kernel's listing without errors and prints it back byte for byte (with handles)", () => {
        const r = parseNft(listing);
        expect(errors(r)).toEqual([]);
        expect(printNft(r.ruleset, { handles: true })).toBe(listing);
      });
      it("prints `nft list ruleset` (without handles) from the listing", () => {
        const r = parseNft(listing);
        expect(printNft(r.ruleset)).toBe(listing.replace(/ # handle \d+/g, ""));
      });
      it("prints the kernel's listing from the nft -f input", () => {
        const r = parseNft(read(`${name}.input.nft`));
        expect(errors(r)).toEqual([]);
        expect(printNft(r.ruleset)).toBe(listing.replace(/ # handle \d+/g, ""));
      });
      it("reads nft -j list ruleset into the same model as the listing", () => {
        const json = parseNftJson(read(`${name}.listing.json`));
        expect(json.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(withoutJsonGaps(json.ruleset)).toEqual(withoutJsonGaps(parseNft(listing).ruleset));
      });
    });
  }
});
