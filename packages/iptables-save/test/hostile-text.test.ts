import { COUNTER_MAX } from "@nfx/model";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatRuleset, parseRuleset } from "../src/index";

/** Thousands of generated cases: more than vitest's 5 s default on a busy 2-core machine. */
const PROPERTY_TIMEOUT = 120_000;
const table = (...lines: string[]) => `*filter\n:INPUT ACCEPT [0:0]\n${lines.join("\n")}\nCOMMIT\n`;

/** What `nfx fmt` then `nfx check` then `nfx fmt` again do with `text`. */
function roundTrip(text: string, counters = false) {
  const first = parseRuleset(text);
  const once = formatRuleset(first.ruleset, { counters });
  const again = parseRuleset(once);
  return { first, once, again, twice: formatRuleset(again.ruleset, { counters }) };
}

const errors = (text: string) => parseRuleset(text).diagnostics.filter((d) => d.severity === "error");

describe("counters are the kernel's 64-bit counters, exact", () => {
  it("keeps counters above 2^53 exact through parse, model and print (was 9007199254740992, 1e+23, then 0)", () => {
    const text = table(
      "[9007199254740993:9007199254740995] -A INPUT -j ACCEPT",
      "[18446744073709551615:18446744073709551615] -A INPUT -j DROP",
    );
    const { first, once, twice } = roundTrip(text, true);
    expect(first.ruleset.tables[0]?.chains[0]?.rules.map((r) => r.counters)).toEqual([
      { packets: 9007199254740993n, bytes: 9007199254740995n },
      { packets: COUNTER_MAX, bytes: COUNTER_MAX },
    ]);
    expect(once).toContain("[9007199254740993:9007199254740995] -A INPUT -j ACCEPT");
    expect(once).toContain("[18446744073709551615:18446744073709551615] -A INPUT -j DROP");
    expect(twice).toBe(once);
  });

  it("saturates larger values at 2^64-1, as iptables-restore -c then iptables-save -c print them", () => {
    // Recorded with iptables 1.8.9 (nf_tables): restore -c of these lines, then save -c.
    const text =
      "*filter\n:INPUT ACCEPT [5:99999999999999999999999]\n" +
      "[18446744073709551616:99999999999999999999999] -A INPUT -j ACCEPT\n" +
      "-A INPUT -c 99999999999999999999999 18446744073709551615 -j ACCEPT\n-A INPUT -c 12 0x10 -j DROP\nCOMMIT\n";
    const { once, again } = roundTrip(text, true);
    expect(again.diagnostics).toEqual([]);
    expect(once.split("\n")).toEqual(
      expect.arrayContaining([
        ":INPUT ACCEPT [5:18446744073709551615]",
        "[18446744073709551615:18446744073709551615] -A INPUT -j ACCEPT",
        "[18446744073709551615:18446744073709551615] -A INPUT -j ACCEPT",
        "[12:0] -A INPUT -j DROP",
      ]),
    );
  });

  it("refuses -c values with no digits, naming which counter", () => {
    expect(errors(table("-A INPUT -c x 1 -j ACCEPT"))[0]?.message).toBe("-c packet counter not numeric");
    expect(errors(table("-A INPUT -c 1 y -j ACCEPT"))[0]?.message).toBe("-c byte counter not numeric");
  });
});

describe("quoted arguments", () => {
  it("refuses a quote left open (a comment ending in a backslash-quote), at the quote", () => {
    // iptables-restore keeps the newline in such an argument; iptables-save prints it raw and cannot restore it.
    for (const line of ['-A INPUT -m comment --comment "abc\\" -j ACCEPT', '-A INPUT -m foo --bar "x']) {
      const found = errors(table(line));
      expect(found).toMatchObject([{ code: "unterminated-quote", line: 3, column: line.indexOf('"') + 1 }]);
    }
  });

  it("accepts a quote left open at the end of a script command, and prints it closed", () => {
    const { first, once, twice } = roundTrip('iptables -A INPUT -m comment --comment "a b');
    expect(first.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(once).toContain('-A INPUT -m comment --comment "a b"\n');
    expect(twice).toBe(once);
  });

  it("prints an unmodelled module's quoted arguments so that a second fmt changes nothing", () => {
    const text = table('-A INPUT -m foo --bar "a b" "c\\\\" "d\\"e" "" -j LOG --log-prefix "x\\\\"');
    const { first, once, again, twice } = roundTrip(text);
    expect(first.diagnostics).toEqual([]);
    expect(again.diagnostics).toEqual([]);
    expect(twice).toBe(once);
    const rule = (r: typeof first) => withoutPositions(r.ruleset.tables[0]?.chains.find((c) => c.name === "INPUT"));
    expect(rule(again)).toEqual(rule(first));
  });

  it("refuses a module name that no module can have (a blank or a quote in it)", () => {
    expect(errors(table('-A INPUT -m "a b" -j ACCEPT'))).toMatchObject([
      { code: "unknown-match", message: "Couldn't load match `a b':No such file or directory" },
    ]);
  });
});

describe("the parser is total", () => {
  it(
    "never throws and never fails inside, on any text (property)",
    () => {
      const piece = fc.oneof(
        fc.string({ unit: "binary", maxLength: 20 }),
        fc.constantFrom(
          "*filter\n",
          "*nat\n",
          ":INPUT ACCEPT [0:0]\n",
          ":X - [0:0]\n",
          "-A INPUT ",
          "-A X ",
          "-m comment --comment ",
          "-m foo --bar ",
          '"',
          "\\",
          "-j ",
          "-g ",
          "X ",
          "ACCEPT",
          "[99999999999999999999999:1] ",
          "-c 1 2 ",
          "COMMIT\n",
          "\n",
          "iptables -A INPUT ",
          "-p tcp --dport ",
          "-m multiport --dports ",
          "1:2,3",
          "! ",
        ),
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
          const text = pieces.join("");
          const r = parseRuleset(text);
          expect(r.diagnostics.filter((d) => d.code === "internal-error")).toEqual([]);
          if (r.diagnostics.some((d) => d.severity === "error")) return;
          const once = formatRuleset(r.ruleset, { counters: true });
          expect(parseRuleset(once).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
          expect(formatRuleset(parseRuleset(once).ruleset, { counters: true })).toBe(once);
        }),
        { seed: 14, numRuns: 3000 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

/** Source positions differ between the text and its fmt; the rest of the model must not (bigints as text). */
function withoutPositions(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => (key === "pos" ? undefined : typeof v === "bigint" ? `${v}n` : v)),
  );
}
