import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseNft } from "../src/index";

// Each NAME.nft here was given to the real `nft -f` (scripts/regen-goldens.sh); NAME.stderr is what nft said.
// The parser must refuse the same input at the same place with nft's own words.
const dir = join(import.meta.dirname, "errors");
const names = readdirSync(dir)
  .filter((f) => f.endsWith(".nft"))
  .map((f) => f.slice(0, -4))
  .sort();

describe("bad nft input, refused where and as nft refuses it", () => {
  for (const name of names) {
    const stderr = readFileSync(join(dir, `${name}.stderr`), "utf8");
    const m = /^[^:]+:(\d+):(\d+)-(\d+): Error: (.*)$/m.exec(stderr);
    it(`${name}: ${m?.[4] ?? stderr.trim()}`, () => {
      expect(m, "nft refused it").not.toBeNull();
      const [, line, from, to, message] = m!;
      const errors = parseNft(readFileSync(join(dir, `${name}.nft`), "utf8")).diagnostics.filter(
        (d) => d.severity === "error",
      );
      expect(errors.length).toBeGreaterThan(0);
      const first = errors[0]!;
      if (name === "include") {
        // The explorer reads one text: it refuses every include, at the same place, naming the file.
        expect(first.code).toBe("nft.include");
        expect(first.message).toContain("/nonexistent/rules.nft");
        // nft's span of a command ending in a quoted string runs one column past the closing quote.
        expect([first.line, first.column, first.endColumn]).toEqual([Number(line), Number(from), Number(to)]);
        return;
      }
      expect(first.message).toBe(message);
      expect([first.line, first.column, first.endColumn]).toEqual([Number(line), Number(from), Number(to) + 1]);
    });
  }
});
