import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { decodeShareLink, encodeShareLink, validateScenario } from "../src";
import { toBase64url } from "../src/base64url";

const samples = join(import.meta.dirname, "..", "..", "..", "conformance", "kernel");
const scenario = (() => {
  const v = validateScenario(JSON.parse(readFileSync(join(samples, "docker-published-port.scenario.json"), "utf8")));
  if (!v.ok) throw new Error("sample is invalid");
  return v.value;
})();

const raw = (doc: unknown) => `s1.${toBase64url(deflateSync(strToU8(JSON.stringify(doc))))}`;

describe("share links", () => {
  it("carry the scenario and the playback position exactly", () => {
    const link = encodeShareLink({ scenario, view: { packet: 1, step: 7 } });
    const back = decodeShareLink(`#${link}`);
    expect(back).toEqual({ ok: true, value: { scenario, view: { packet: 1, step: 7 } } });
  });

  it("stay short enough to paste in a chat for a typical scenario", () => {
    for (const file of readdirSync(samples).filter((f) => f.endsWith(".scenario.json"))) {
      const v = validateScenario(JSON.parse(readFileSync(join(samples, file), "utf8")));
      if (!v.ok) throw new Error(file);
      expect(encodeShareLink({ scenario: v.value }).length, file).toBeLessThan(2000);
    }
  });

  it("refuse what is not a link", () => {
    expect(decodeShareLink("hello")).toMatchObject({ ok: false, error: { code: "not-a-link" } });
  });

  it("say a truncated link is damaged", () => {
    const link = encodeShareLink({ scenario });
    expect(decodeShareLink(link.slice(0, link.length - 40))).toMatchObject({ ok: false, error: { code: "damaged" } });
  });

  it("say a link from a future version needs a newer app", () => {
    expect(decodeShareLink("s2.AAAA")).toMatchObject({ ok: false, error: { code: "newer-version" } });
    expect(decodeShareLink(raw({ format: 7, scenario }))).toMatchObject({
      ok: false,
      error: { code: "newer-version" },
    });
    const future = raw({ format: 1, scenario: { ...scenario, version: 3 } });
    expect(decodeShareLink(future)).toMatchObject({ ok: false, error: { code: "invalid-scenario" } });
  });

  it("refuse a decompression bomb without unpacking it", () => {
    const bomb = `s1.${toBase64url(deflateSync(new Uint8Array(16 * 1024 * 1024).fill(32), { level: 9 }))}`;
    expect(bomb.length).toBeLessThan(100_000);
    expect(decodeShareLink(bomb)).toMatchObject({ ok: false, error: { code: "too-large" } });
  }, 60_000);

  it("refuse megabytes of link", () => {
    expect(decodeShareLink(`s1.${"A".repeat(3_000_000)}`)).toMatchObject({ ok: false, error: { code: "too-large" } });
  });

  it("keep hostile text as text and reject wrong types with the path", () => {
    const hostile = { ...scenario, description: "<img src=x onerror=alert(1)><script>alert(1)</script>" };
    const ok = decodeShareLink(raw({ format: 1, scenario: hostile }));
    expect(ok.ok && ok.value.scenario.description).toBe(hostile.description);
    const wrong = decodeShareLink(raw({ format: 1, scenario: { ...scenario, packets: "all of them" } }));
    expect(wrong).toMatchObject({ ok: false, error: { code: "invalid-scenario" } });
    expect(!wrong.ok && wrong.error.message).toContain("packets");
    const json = JSON.stringify({ format: 1, scenario }).replace(
      '"scenario":{',
      '"scenario":{"__proto__":{"polluted":true},',
    );
    const proto = decodeShareLink(`s1.${toBase64url(deflateSync(strToU8(json)))}`);
    expect(proto.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/** A small deterministic generator, so a failure replays. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("the link decoder under fuzzing", () => {
  it("answers thousands of random and mutated links with a scenario or a clear error, never a throw", () => {
    const random = rng(42);
    const good = encodeShareLink({ scenario });
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=#%s1";
    let opened = 0;
    for (let i = 0; i < 4000; i++) {
      let input: string;
      const kind = i % 4;
      if (kind === 0) {
        input = Array.from(
          { length: Math.floor(random() * 300) },
          () => alphabet[Math.floor(random() * alphabet.length)],
        ).join("");
      } else if (kind === 1) {
        const chars = good.split("");
        for (let m = 0; m < 1 + Math.floor(random() * 4); m++) {
          chars[3 + Math.floor(random() * (chars.length - 3))] = alphabet[Math.floor(random() * 64)]!;
        }
        input = chars.join("");
      } else if (kind === 2) {
        input = good.slice(0, Math.floor(random() * good.length));
      } else {
        const doc = JSON.parse(JSON.stringify({ format: 1, scenario })) as Record<string, unknown>;
        const s = doc.scenario as Record<string, unknown>;
        const keys = ["host", "ruleset", "packets", "version", "name", "seed"];
        const values = [null, 1, -1, "x", [], {}, true, 1e308, "<b>x</b>", [null], { a: 1 }];
        s[keys[Math.floor(random() * keys.length)]!] = values[Math.floor(random() * values.length)];
        input = raw(doc);
      }
      const r = decodeShareLink(input);
      if (r.ok) opened += 1;
      else {
        expect(typeof r.error.message).toBe("string");
        expect(r.error.message.length).toBeGreaterThan(10);
      }
    }
    expect(opened).toBeGreaterThan(0);
  }, 120_000);
});
