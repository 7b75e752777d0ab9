import { describe, expect, it } from "vitest";
import { countRuleLines, type ReadProgress, readRulesetFile } from "./read-file";

/** A file that streams exactly these chunks, so a test chooses where the cuts fall. */
function chunked(chunks: readonly Uint8Array[]): Pick<Blob, "stream"> {
  return {
    stream: () =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (const chunk of chunks) c.enqueue(chunk);
          c.close();
        },
      }) as ReturnType<Blob["stream"]>,
  };
}

/** `text` as UTF-8, cut at every `every` bytes (through multi-byte characters too). */
function cut(text: string, every: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += every) out.push(bytes.slice(i, i + every));
  return out;
}

const RULESET = [
  "*filter",
  ":INPUT ACCEPT [0:0]",
  '-A INPUT -s 10.0.0.1/32 -m comment --comment "dépôt → ✓" -j ACCEPT',
  "-A INPUT -p tcp --dport 22 -j ACCEPT",
  "# -A in a comment is not a rule",
  "-A INPUT -j DROP",
  "COMMIT",
  "",
].join("\n");

describe("reading a ruleset file as a stream", () => {
  it("gives back the text and counts its rules wherever the chunks are cut", async () => {
    for (const every of [1, 2, 3, 5, 7, 64, 4096]) {
      const seen: ReadProgress[] = [];
      const text = await readRulesetFile(chunked(cut(RULESET, every)), (p) => seen.push(p));
      expect(text).toBe(RULESET);
      expect(seen.at(-1)).toEqual({ bytes: new TextEncoder().encode(RULESET).length, rules: 3 });
    }
  });

  it("counts a rule on the first line and reports progress while reading", async () => {
    let clock = 0;
    const seen: ReadProgress[] = [];
    const text = "-A INPUT -j ACCEPT\n".repeat(50);
    await readRulesetFile(
      chunked(cut(text, 100)),
      (p) => seen.push(p),
      () => (clock += 60),
    );
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.map((p) => p.bytes)).toEqual([...seen.map((p) => p.bytes)].sort((a, b) => a - b));
    expect(seen.at(-1)!.rules).toBe(50);
  });

  it("counts only lines that start with -A", () => {
    expect(countRuleLines("\n-A X\n -A Y\n-AZ\n-A W")).toBe(2);
  });
});
