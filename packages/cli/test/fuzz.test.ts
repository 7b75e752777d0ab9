import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatRuleset, parseRuleset } from "@nfx/iptables-save";
import { decodeShareLink, validateScenario } from "@nfx/scenario";
import { build } from "esbuild";
import { deflateSync, strToU8 } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { checkCommand, fmtCommand } from "../src/commands/check";
import { traceCommand } from "../src/commands/trace";
import { urlCommand } from "../src/commands/url";
import { DEFAULT_MAX_INPUT } from "../src/input-size";
import { createIo, type Io, UserError } from "../src/io";
import { hostileValues, makeLink, mutateRuleset, mutateScenario, rng, seedRulesets, toJsonText } from "./fuzz/inputs";

/**
 * The fuzz job: every run feeds FUZZ_N (default 2,000) generated links, scenario files and rulesets, from a
 * fixed seed (FUZZ_SEED, default 14), through the decoders, the parser and the `nfx` command, and asserts what
 * a user relies on: nothing throws, the command never exits 70 (internal error), an error says where, no case
 * takes 10 s, and `nfx fmt` prints what `nfx check` accepts and prints it again unchanged.
 * The nightly size: `FUZZ_N=100000 npx vitest run packages/cli/test/fuzz.test.ts`.
 */

const N = Number(process.env.FUZZ_N ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 14);
const SLOW_MS = 10_000;
/** The job's own time limit grows with N: about 5 ms a case on this 2-core machine, with a wide margin. */
const TIMEOUT = 60_000 + N * 60;
const ROOT = join(import.meta.dirname, "..", "..", "..");
const dir = mkdtempSync(join(tmpdir(), "nfx-fuzz-"));
const bundle = join(dir, "nfx.js");

/** Runs one `nfx` command in this process, exactly as main.ts maps its outcome to an exit code. */
async function nfx(
  command: (args: readonly string[], io: Io) => number | Promise<number>,
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io = createIo(
    {
      stdout: {
        write: (s: string) => {
          out += s;
        },
      },
      stderr: {
        write: (s: string) => {
          err += s;
        },
      },
    },
    DEFAULT_MAX_INPUT,
  );
  try {
    return { code: await command(args, io), out, err };
  } catch (e) {
    if (e instanceof UserError) return { code: e.exitCode, out, err: `${err}${e.lines.join("\n")}\n` };
    return { code: 70, out, err: `${err}nfx: internal error: ${(e as Error).stack}\n` };
  }
}

/** Where a case failed, with what replays it. */
function label(kind: string, i: number, input: string): string {
  return `${kind} #${i} (FUZZ_SEED=${SEED}): ${JSON.stringify(input.slice(0, 300))}`;
}

function timed<T>(what: string, work: () => T): T {
  const started = performance.now();
  const result = work();
  expect(performance.now() - started, `${what} took over ${SLOW_MS} ms`).toBeLessThan(SLOW_MS);
  return result;
}

beforeAll(async () => {
  // Its own copy of the command, so the subprocess sample never races another test building the shared one.
  await build({
    entryPoints: [join(import.meta.dirname, "..", "src", "main.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
  });
});

describe("the fuzzer's findings, as examples: exit 1 with a located message, never 70", () => {
  const sample = readFileSync(join(ROOT, "conformance", "kernel", "docker-published-port.scenario.json"), "utf8");
  const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
  const badToString = sample.replace('"dst": "10.0.0.1"', '"dst": {"toString": 1}');
  const deepList = sample.replace(/^\{/, `{"extra":${deep},`);
  const linkOf = (scenario: string) =>
    `s1.${Buffer.from(deflateSync(strToU8(`{"format":1,"scenario":${scenario}}`))).toString("base64url")}`;
  const cases = [
    ["a field that is an object with a non-callable toString", badToString, "packets[0].dst"],
    ["a list nested 20,000 deep", deepList, `extra${"[0]".repeat(15)}`],
  ] as const;

  for (const [what, json, path] of cases) {
    it(`nfx trace: ${what}`, async () => {
      expect(json).not.toBe(sample);
      const file = join(dir, "finding.json");
      writeFileSync(file, json);
      const r = await nfx(traceCommand, [file]);
      expect(r).toMatchObject({ code: 1 });
      expect(r.err).toContain(`${file}: ${path}: `);
      const p = spawnSync(process.execPath, [bundle, "trace", file], { encoding: "utf8" });
      expect(p.status).toBe(1);
      expect(p.stderr).toContain(`${file}: ${path}: `);
    });

    it(`nfx url --decode: ${what}`, async () => {
      const link = `http://localhost:4173/#${linkOf(json)}`;
      const r = await nfx(urlCommand, ["--decode", link]);
      expect(r).toMatchObject({ code: 1 });
      expect(r.err).toContain(`${path}: `);
      expect(r.err).toContain("[invalid-scenario]");
      const p = spawnSync(process.execPath, [bundle, "url", "--decode", link], { encoding: "utf8" });
      expect(p.status).toBe(1);
      expect(p.stderr).toContain(`${path}: `);
    });
  }
});

/** `-j SNAT --to-source A:P-Q/B` or `-j MASQUERADE --to-ports P-Q/B`: a port base on source NAT. */
const SNAT_BASE = /-j (SNAT|MASQUERADE) [^\n]*:?\d+(-\d+)?\/\d/;

describe(`fuzz: ${N} rulesets, scenarios and links (seed ${SEED})`, () => {
  it(
    "rulesets: parse never throws nor fails inside; fmt output is accepted by check and is a fixed point",
    async () => {
      const random = rng(SEED);
      const seeds = seedRulesets();
      let accepted = 0;
      for (let i = 0; i < N; i++) {
        const text = mutateRuleset(random, seeds);
        const where = label("ruleset", i, text);
        const parsed = timed(where, () => parseRuleset(text));
        expect(
          parsed.diagnostics.filter((d) => d.code === "internal-error"),
          where,
        ).toEqual([]);
        for (const d of parsed.diagnostics) expect(d.line >= 1 && d.column >= 1, where).toBe(true);
        const rejected = parsed.diagnostics.some((d) => d.severity === "error");
        if (i % 8 === 0) await throughTheCommand(text, rejected, where);
        if (rejected) continue;
        accepted++;
        // iptables 1.8.9 itself does not round-trip a source NAT's port base: iptables-save prints `/0`, which
        // iptables-restore refuses ("Port `0' not valid"; checked in a namespace). fmt prints what iptables-save
        // prints, and check refuses what iptables-restore refuses, so such rulesets are left out of the property.
        if (SNAT_BASE.test(text)) continue;
        for (const counters of [false, true]) {
          const once = formatRuleset(parsed.ruleset, { counters });
          const again = parseRuleset(once);
          expect(
            again.diagnostics.filter((d) => d.severity === "error"),
            `check(fmt(x)) of ${where}`,
          ).toEqual([]);
          expect(formatRuleset(again.ruleset, { counters }), `fmt(fmt(x)) of ${where}`).toBe(once);
        }
      }
      // The mutations are small: a fuzz job that accepts nothing would test the error path only.
      expect(accepted).toBeGreaterThan(N / 10);
    },
    TIMEOUT,
  );

  it(
    "scenario files: validation never throws; nfx trace exits 0 or 1 (never 70) and says where",
    async () => {
      const random = rng(SEED + 1);
      const rulesets = seedRulesets();
      const values = hostileValues(SEED, 500);
      const files: { path: string; code: number }[] = [];
      let traced = 0;
      for (let i = 0; i < N; i++) {
        const json = toJsonText(random, mutateScenario(random, values, rulesets));
        const where = label("scenario", i, json);
        const doc: unknown = JSON.parse(json);
        timed(where, () => validateScenario(doc));
        const path = join(dir, `s${i % 50}.json`);
        writeFileSync(path, json);
        const started = performance.now();
        const r = await nfx(traceCommand, [path, ...(i % 2 ? ["--json"] : [])]);
        expect(performance.now() - started, where).toBeLessThan(SLOW_MS);
        expect([0, 1], `${where}\n${r.err}`).toContain(r.code);
        if (r.code === 0) traced++;
        for (const line of r.err.trimEnd().split("\n")) {
          if (r.code === 1) expect(line, where).toMatch(LOCATED(path));
        }
        // A sample through the built command as a subprocess: the same exit code as in-process.
        if (i % Math.max(1, Math.floor(N / 6)) === 0) {
          const copy = join(dir, `sample${files.length}.json`);
          writeFileSync(copy, json);
          files.push({ path: copy, code: r.code });
        }
      }
      expect(traced).toBeGreaterThan(N / 20);
      for (const f of files) {
        const p = spawnSync(process.execPath, [bundle, "trace", f.path], { encoding: "utf8", timeout: SLOW_MS });
        expect(p.status, `${f.path}\n${p.stderr}`).toBe(f.code);
      }
    },
    TIMEOUT,
  );

  it(
    "links: the decoder never throws; nfx url --decode exits 0 or 1 (never 70) with a message",
    async () => {
      const random = rng(SEED + 2);
      const rulesets = seedRulesets();
      const values = hostileValues(SEED + 2, 500);
      const samples: { link: string; code: number }[] = [];
      let opened = 0;
      for (let i = 0; i < N; i++) {
        const link = makeLink(random, values, rulesets);
        const where = label("link", i, link);
        const decoded = timed(where, () => decodeShareLink(link));
        if (decoded.ok) opened++;
        else expect(decoded.error.message.length, where).toBeGreaterThan(10);
        const r = await nfx(urlCommand, ["--decode", link]);
        expect(r.code, `${where}\n${r.err}`).toBe(decoded.ok ? 0 : 1);
        if (i % Math.max(1, Math.floor(N / 6)) === 0) samples.push({ link, code: r.code });
      }
      expect(opened).toBeGreaterThan(N / 20);
      for (const s of samples) {
        const p = spawnSync(process.execPath, [bundle, "url", "--decode", s.link], {
          encoding: "utf8",
          timeout: SLOW_MS,
        });
        expect(p.status, `${s.link.slice(0, 200)}\n${p.stderr}`).toBe(s.code);
      }
    },
    TIMEOUT,
  );
});

/** `nfx check` then `nfx fmt` then `nfx check` and `nfx fmt` of that output, in-process: 0 or 1, never 70. */
async function throughTheCommand(text: string, rejected: boolean, where: string): Promise<void> {
  const file = join(dir, "rules.v4");
  writeFileSync(file, text);
  const checked = await nfx(checkCommand, [file]);
  expect(checked.code, `nfx check ${where}\n${checked.err}`).toBe(rejected ? 1 : 0);
  const printed = await nfx(fmtCommand, [file, "--counters"]);
  expect(printed.code, `nfx fmt ${where}\n${printed.err}`).toBe(rejected ? 1 : 0);
  // A source NAT's port base does not round-trip in iptables 1.8.9 itself (see the property above).
  if (rejected || SNAT_BASE.test(text)) return;
  writeFileSync(file, printed.out);
  expect((await nfx(checkCommand, [file])).code, `nfx check of nfx fmt of ${where}`).toBe(0);
  expect((await nfx(fmtCommand, [file, "--counters"])).out, `nfx fmt twice of ${where}`).toBe(printed.out);
}

/** An error line of `nfx trace` that says where: a JSON path, a ruleset line:column, or the JSON's own position. */
function LOCATED(path: string): RegExp {
  const file = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // "s": a message may carry a control character from the input (escaping it is the CLI's printing concern).
  return new RegExp(
    `^(${file}: (\\(top\\)|[A-Za-z_$]).*?: .+|${file} \\((ruleset|nftables)\\):\\d+:\\d+: .+|${file}: not valid JSON: .+)$`,
    "s",
  );
}
