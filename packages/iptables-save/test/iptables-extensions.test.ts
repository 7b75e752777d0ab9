import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatRuleset, parseRuleset } from "../src/index";

/**
 * iptables' own extension tests (extensions/*.t of iptables 1.8.9, vendored in ./extensions) as a test of the
 * parser. Each line says `RULE;EXPECTED;OK|FAIL`: OK means iptables accepts the rule and iptables-save prints
 * EXPECTED (`=`: the rule itself; empty: anything), FAIL means iptables refuses it. The truth is this machine's
 * iptables 1.8.9 (extensions/machine.json, recorded by extensions/record-machine.py); where it disagrees with
 * the .t file, extensions/exceptions.json says what it does and why, and the test follows the machine.
 */

const DIR = join(import.meta.dirname, "extensions");
/** The share of test lines the parser must get right; the rest are listed as known gaps. */
const REQUIRED_PASS_RATE = 0.98;

const BUILTIN: Readonly<Record<string, readonly string[]>> = {
  filter: ["INPUT", "FORWARD", "OUTPUT"],
  nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
  mangle: ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
  raw: ["PREROUTING", "OUTPUT"],
};

type Expectation = { readonly accepted: false } | { readonly accepted: true; readonly saved: string | undefined };

interface TestLine {
  readonly file: string;
  readonly line: number;
  readonly table: string;
  readonly chains: readonly string[];
  readonly rule: string;
  readonly expect: Expectation;
}

interface MachineEntry {
  readonly line: number;
  readonly chain: string;
  readonly accepted: boolean;
  readonly saved?: string | string[];
}

interface Exception {
  readonly file: string;
  readonly line: number;
  readonly expect: Expectation;
  readonly reason: string;
}

/** Reads a .t file as iptables-test.py does (this machine's iptables is the nf_tables variant). */
function readTestFile(file: string): TestLine[] {
  const out: TestLine[] = [];
  let table = "filter";
  let chains: string[] = [];
  readFileSync(join(DIR, file), "utf8")
    .split("\n")
    .forEach((text, i) => {
      if (text.trim() === "" || "#@%".includes(text[0] ?? "")) return;
      if (text.startsWith("*")) table = text.slice(1);
      else if (text.startsWith(":")) chains = text.slice(1).split(",");
      else {
        const [rule = "", saved = "", result = "", variant, altResult] = text.split(";");
        // NOMATCH (accepted, printed otherwise) is only scoped to the legacy variant in 1.8.9's files.
        const res = variant === "LEGACY" ? (altResult ?? "FAIL") : result;
        const expect: Expectation =
          res === "FAIL"
            ? { accepted: false }
            : { accepted: true, saved: res === "NOMATCH" || saved === "" ? undefined : saved === "=" ? rule : saved };
        out.push({ file, line: i + 1, table, chains, rule, expect });
      }
    });
  return out;
}

/** What the parser does with the rule in a chain: refused, or the rule as it prints it back. */
function parseLine(table: string, chain: string, rule: string): Expectation {
  const chains = (BUILTIN[table] ?? []).map((c) => `:${c} ACCEPT [0:0]`);
  const text = [`*${table}`, ...chains, `-A ${chain} ${rule}`, "COMMIT", ""].join("\n");
  const result = parseRuleset(text);
  if (result.diagnostics.some((d) => d.severity === "error")) return { accepted: false };
  const printed = formatRuleset(result.ruleset)
    .split("\n")
    .filter((l) => l.startsWith(`-A ${chain} `));
  return { accepted: true, saved: printed.length === 1 ? printed[0]?.slice(`-A ${chain} `.length) : undefined };
}

function agrees(expect: Expectation, got: Expectation): boolean {
  if (!expect.accepted || !got.accepted) return expect.accepted === got.accepted;
  return expect.saved === undefined || expect.saved === got.saved;
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith(".t"))
  .sort();
const machine = JSON.parse(readFileSync(join(DIR, "machine.json"), "utf8")) as {
  readonly iptables: string;
  readonly files: Readonly<Record<string, readonly MachineEntry[]>>;
};
const exceptions = JSON.parse(readFileSync(join(DIR, "exceptions.json"), "utf8")) as readonly Exception[];
const exceptionAt = (t: TestLine) => exceptions.find((e) => e.file === t.file && e.line === t.line);
const lines = files.flatMap(readTestFile).map((t) => ({ ...t, expect: exceptionAt(t)?.expect ?? t.expect }));

describe("iptables 1.8.9's extensions/*.t, as a test of the parser", () => {
  it("the expectations are this machine's iptables (recorded in machine.json)", () => {
    expect(machine.iptables).toMatch(/^iptables v1\.8\.9 /);
    const disagreements: string[] = [];
    for (const t of lines) {
      const recorded = machine.files[t.file]?.filter((m) => m.line === t.line) ?? [];
      expect(recorded.map((m) => m.chain)).toEqual(t.chains);
      for (const m of recorded) {
        const saved = typeof m.saved === "string" ? m.saved : undefined;
        const got: Expectation = m.accepted ? { accepted: true, saved } : { accepted: false };
        if (!agrees(t.expect, got)) disagreements.push(`${t.file}:${t.line} ${m.chain}: ${t.rule}`);
      }
    }
    expect(disagreements).toEqual([]);
    for (const e of exceptions) expect(e.reason.length).toBeGreaterThan(20);
  });

  it(`the parser agrees on at least ${REQUIRED_PASS_RATE * 100}% of the lines`, () => {
    const failing: string[] = [];
    for (const t of lines) {
      const wrong = t.chains
        .map((chain) => ({ chain, got: parseLine(t.table, chain, t.rule) }))
        .find(({ got }) => !agrees(t.expect, got));
      if (wrong) {
        const want = t.expect.accepted ? `OK ${t.expect.saved ?? "(any)"}` : "FAIL";
        const got = wrong.got.accepted ? `OK ${wrong.got.saved ?? "(not printed)"}` : "FAIL";
        failing.push(`${t.file}:${t.line} [${wrong.chain}] ${t.rule}\n    want ${want}\n    got  ${got}`);
      }
    }
    const rate = (lines.length - failing.length) / lines.length;
    console.log(
      `iptables extensions/*.t: ${lines.length - failing.length} of ${lines.length} lines pass (${(rate * 100).toFixed(1)}%)` +
        (failing.length > 0 ? `; failing:\n${failing.join("\n")}` : ""),
    );
    expect(rate).toBeGreaterThanOrEqual(REQUIRED_PASS_RATE);
  });
});
