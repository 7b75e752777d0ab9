import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { deflateSync, strToU8 } from "fflate";
import { describe, expect, it } from "vitest";
import { decodeShareLink, validateScenario } from "../src";
import { fromBase64url, toBase64url } from "../src/base64url";
import { checkShape, describeValue } from "../src/untrusted";

/** Thousands of generated cases: more than vitest's 5 s default on a busy 2-core machine. */
const PROPERTY_TIMEOUT = 120_000;
const sample = JSON.parse(
  readFileSync(
    join(import.meta.dirname, "..", "..", "..", "conformance", "kernel", "docker-published-port.scenario.json"),
    "utf8",
  ),
) as Record<string, unknown>;

/** A link carrying `json` as it is (the text is deflated, not re-encoded, so any JSON can be sent). */
const linkOf = (json: string) => `s1.${toBase64url(deflateSync(strToU8(json)))}`;

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

/** The two shapes the fuzzer found: a field that is an object with a non-callable toString, and deep lists. */
const withBadToString = () => ({ ...sample, host: { ...(sample.host as object), routes: [{ dst: { toString: 1 } }] } });
const withDeepList = () =>
  JSON.parse(JSON.stringify(sample).replace('"ruleset":', `"extra":${nested(20_000)},"ruleset":`)) as unknown;

describe("scenario validation of hostile values", () => {
  it("describes a field with a non-callable toString without calling it, at its JSON path", () => {
    const r = validateScenario(withBadToString());
    expect(r).toEqual({
      ok: false,
      errors: [{ path: "host.routes[0].dst", message: "an object is not a destination like 10.0.0.0/8 or default" }],
    });
    const p = validateScenario({ ...sample, packets: [{ ...(sample.packets as object[])[0], src: { valueOf: 1 } }] });
    expect(p.ok === false && p.errors).toEqual([
      { path: "packets[0].src", message: "an object is not an IPv4 address" },
    ]);
  });

  it("refuses a list nested 20,000 deep with the path where the limit is crossed", () => {
    const r = validateScenario(withDeepList());
    expect(r.ok).toBe(false);
    const e = r.ok ? undefined : r.errors[0];
    expect(e?.path).toBe(`extra${"[0]".repeat(15)}`);
    expect(e?.message).toContain("nested more than 16 levels");
  });

  it("keeps a valid scenario valid and says where every problem is, bounded", () => {
    expect(validateScenario(sample).ok).toBe(true);
    const packets = Array.from({ length: 1000 }, () => ({ from: 1, proto: 2, src: 3, dst: 4 }));
    const r = validateScenario({ ...sample, packets });
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors.length).toBe(101);
    expect(errors[0]).toEqual({ path: "packets[0].from", message: 'from must be an interface name or "local"' });
    expect(errors[100]?.message).toMatch(/^and \d+ more problems$/);
  });

  it(
    "never throws, whatever value it is given (property)",
    () => {
      fc.assert(
        fc.property(hostileDocument(), (doc) => {
          const r = validateScenario(doc);
          if (!r.ok) for (const e of r.errors) expect(typeof e.path).toBe("string");
        }),
        { seed: 14, numRuns: 2000 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe("the link decoder on hostile documents", () => {
  it("answers the non-callable toString with a located error, not a TypeError", () => {
    const r = decodeShareLink(linkOf(JSON.stringify({ format: 1, scenario: withBadToString() })));
    expect(r).toMatchObject({ ok: false, error: { code: "invalid-scenario" } });
    expect(!r.ok && r.error.message).toContain("host.routes[0].dst");
    expect(!r.ok && r.error.errors?.[0]?.path).toBe("host.routes[0].dst");
  });

  it("answers a list nested 20,000 deep with a located error, not a RangeError", () => {
    const json = JSON.stringify({ format: 1, scenario: sample }).replace(
      '"ruleset":',
      `"x":${nested(20_000)},"ruleset":`,
    );
    const r = decodeShareLink(linkOf(json));
    expect(r).toMatchObject({ ok: false, error: { code: "invalid-scenario" } });
    expect(!r.ok && r.error.message).toContain("x[0][0]");
  });

  it(
    "never throws on any JSON document or any text (property)",
    () => {
      fc.assert(
        fc.property(hostileDocument(), (scenario) => {
          const r = decodeShareLink(linkOf(JSON.stringify({ format: 1, scenario }) ?? "null"));
          if (!r.ok) expect(r.error.message.length).toBeGreaterThan(10);
        }),
        { seed: 14, numRuns: 1000 },
      );
      fc.assert(
        fc.property(fc.string({ unit: "binary", maxLength: 300 }), (text) => {
          decodeShareLink(text);
          decodeShareLink(`s1.${text}`);
        }),
        { seed: 14, numRuns: 2000 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it("reads a long run of padding in linear time", () => {
    const started = performance.now();
    expect(fromBase64url(`${"=".repeat(99_000)}x`)).toBeNull();
    expect(decodeShareLink(`s1.${"=".repeat(99_000)}x`).ok).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("looking at a value without running its code", () => {
  it("describes every kind of value from its type", () => {
    const hostile = Object.assign(Object.create(null), { toString: 1, valueOf: 1 });
    expect(describeValue(hostile)).toBe("an object");
    expect(describeValue([[[]]])).toBe("a list of 1");
    expect(describeValue("a\u001b]0;x\u0007")).toBe('"a\\u001b]0;x\\u0007"');
    expect(describeValue(Number.NaN)).toBe("a non-finite number");
    expect(describeValue(Symbol("s"))).toBe("a symbol");
    expect(describeValue(10n)).toBe("a big integer");
  });

  it("measures depth and size without recursion", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(checkShape(deep)?.path).toBe(`a${".a".repeat(15)}`);
    expect(checkShape({ list: new Array(200_000).fill(0) })?.message).toContain("a list of 200000 items");
    expect(checkShape(sample)).toBeNull();
  });
});

/**
 * Documents as a hostile sender would build them: the sample scenario with fields replaced by any JSON-like
 * value, objects whose toString/valueOf are not functions, null prototypes, deep nesting, long strings.
 */
function hostileDocument(): fc.Arbitrary<unknown> {
  const weird = fc.oneof(
    // Fresh objects each time (fc.constant would share one instance between edits and make cycles).
    fc.constant(0).map(() => ({ toString: 1 })),
    fc.constant(0).map(() => ({ valueOf: {}, toString: null })),
    fc.constant(0).map(() => Object.assign(Object.create(null), { a: 1 }) as unknown),
    fc.integer({ min: 1, max: 400 }).map((d) => JSON.parse(nested(d)) as unknown),
    fc.string({ unit: "binary", maxLength: 64 }),
    fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 2 ** 64, 1e308, -1, 0.5),
  );
  const value = fc.oneof(weird, fc.jsonValue({ maxDepth: 4 }), fc.anything({ maxDepth: 3 }));
  const fields = ["version", "host", "ruleset", "packets", "name", "title", "description", "seed", "toString"];
  const hostFields = ["interfaces", "routes", "listen", "ip_forward", "conntrack", "tcp_loose"];
  const packetFields = ["from", "proto", "src", "dst", "sport", "dport", "flags", "inner", "ack", "mac", "payload"];
  const edit = fc.oneof(
    fc.record({ at: fc.constantFrom(...fields), value }).map(({ at, value: v }) => (d: Record<string, unknown>) => {
      d[at] = v;
    }),
    fc.record({ at: fc.constantFrom(...hostFields), value }).map(({ at, value: v }) => (d: Record<string, unknown>) => {
      const host = d.host;
      if (typeof host === "object" && host !== null) (host as Record<string, unknown>)[at] = v;
    }),
    fc
      .record({ at: fc.constantFrom(...packetFields), value })
      .map(({ at, value: v }) => (d: Record<string, unknown>) => {
        const first = Array.isArray(d.packets) ? (d.packets[0] as unknown) : undefined;
        if (typeof first === "object" && first !== null) (first as Record<string, unknown>)[at] = v;
      }),
  );
  return fc.oneof(
    value,
    fc.array(edit, { minLength: 1, maxLength: 4 }).map((edits) => {
      const doc = structuredClone(sample);
      for (const e of edits) e(doc);
      return doc;
    }),
  );
}
