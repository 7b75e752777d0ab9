import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { encodeShareLink, validateScenario } from "@nfx/scenario";
import fc from "fast-check";
import { deflateSync, strToU8 } from "fflate";

/**
 * Generators of hostile input for the fuzz job: links, scenario files and rulesets, made from the project's
 * real inputs (the conformance scenarios, windows of the shared perf rulesets) by mutation, and from scratch.
 * Everything is drawn from one seeded source, so a failing case replays from its seed and index.
 */

const ROOT = join(import.meta.dirname, "..", "..", "..", "..");

/** A small, fast, seeded generator (mulberry32); no Math.random, so a run replays exactly. */
export function rng(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(list: readonly T[]) => list[int(list.length)]! };
}

export interface Random {
  next(): number;
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
}

function findScenarios(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? findScenarios(join(dir, e.name)) : e.name.endsWith(".scenario.json") ? [join(dir, e.name)] : [],
  );
}

/** Every conformance scenario, as parsed JSON (they are the real, varied documents users make). */
export const SCENARIOS: readonly Record<string, unknown>[] = findScenarios(join(ROOT, "conformance")).map(
  (f) => JSON.parse(readFileSync(f, "utf8")) as Record<string, unknown>,
);

let seeds: string[] | null = null;

/**
 * Rulesets to mutate: the scenarios' own, and 40 windows of each shared perf file (real kube-proxy and flat
 * rulesets, each window with the chains it uses). Drawn once from a fixed seed and shared by every test.
 */
export function seedRulesets(): readonly string[] {
  seeds ??= windowsAndOwn(rng(7));
  return seeds;
}

function windowsAndOwn(random: Random): string[] {
  const own = SCENARIOS.map((s) => s.ruleset).filter((r): r is string => typeof r === "string");
  const perfDir = process.env.NFX_PERF_DIR
    ? join(process.env.NFX_PERF_DIR, "rulesets")
    : join(ROOT, "..", "shared", "perf", "rulesets");
  const windows: string[] = [];
  for (const file of readdirSync(perfDir).filter((f) => f.endsWith(".v4"))) {
    const lines = readFileSync(join(perfDir, file), "utf8").split("\n");
    const declared = lines.filter((l) => l.startsWith(":") || l.startsWith("*"));
    const rules = lines.filter((l) => l.startsWith("-A ") || l.startsWith("["));
    for (let k = 0; k < 40; k++) {
      const at = random.int(Math.max(1, rules.length - 30));
      const table = declared.filter((l) => l.startsWith("*"))[0] ?? "*filter";
      const chains = declared.filter((l) => l.startsWith(":"));
      const used = rules.slice(at, at + 1 + random.int(30));
      const names = new Set(used.map((l) => /-A (\S+)/.exec(l)?.[1]));
      const jumps = new Set(used.flatMap((l) => [...l.matchAll(/-[jg] (\S+)/g)].map((m) => m[1])));
      const keep = chains.filter((c) => names.has(c.slice(1).split(" ")[0]) || jumps.has(c.slice(1).split(" ")[0]));
      windows.push([table, ...keep, ...used, "COMMIT", ""].join("\n"));
    }
  }
  return [...own, ...windows];
}

/** Pieces a hostile or careless person puts into a ruleset. */
const FRAGMENTS = [
  '"',
  "\\",
  '\\"',
  '"a b"',
  '"x\\"',
  '"\\\\"',
  '"q\\\\\\""',
  "'",
  "!",
  "\t",
  "\r",
  "\u0000",
  "\u001b]0;owned\u0007",
  "é",
  "中文",
  "[18446744073709551615:18446744073709551615]",
  "[18446744073709551616:1]",
  "[99999999999999999999999:1]",
  "[9007199254740993:9007199254740995]",
  "[0x10:1]",
  "-c 18446744073709551615 1",
  "-c -1 12x",
  "-m",
  "-j",
  "-g",
  "-p",
  "--dport",
  "-s",
  "-i",
  "-o",
  "-t nat",
  "-N X",
  "-X",
  "-F",
  "-P INPUT DROP",
  "-I INPUT 1",
  "-D INPUT 1",
  "-R INPUT 1",
  "-E A B",
  "-Z",
  "-m comment --comment",
  "-m foo --bar",
  "-m u32 --u32",
  '-m u32 --u32 "0>>22&0x3C@ 12>>26&0x3C@ 0=0x17"',
  "-j LOG --log-prefix",
  "-j FOO --x",
  "-m string --string",
  "-m multiport --dports 1,2,3",
  "-m conntrack --ctstate",
  "-m statistic --mode nth --every 3 --packet 1",
  "-j DNAT --to-destination",
  "65536",
  "0x",
  "0xffffffff",
  "4294967296",
  "-1",
  "1:",
  ":2",
  "/33",
  "10.0.0.0/8",
  "256.1.1.1",
  "*filter",
  "*nat",
  "*bogus",
  "COMMIT",
  ":X - [0:0]",
  ":INPUT DROP [1:2]",
  ':"a b" - [0:0]',
  "#",
  "a".repeat(300),
  "-A X -j X",
];

/** A ruleset with 1-6 character-, token- or line-level mutations. */
export function mutateRuleset(random: Random, seeds: readonly string[]): string {
  let text = random.pick(seeds);
  // Mostly one edit, so that many mutants are still accepted and reach fmt; sometimes a burst of them.
  const edits = random.int(3) === 0 ? 2 + random.int(5) : 1;
  for (let m = 0; m < edits; m++) {
    // Most edits land where a token starts, as a person's edit does; the rest anywhere.
    const any = random.int(text.length + 1);
    const next = text.indexOf(" ", any);
    const pos = random.int(3) === 0 || next < 0 ? any : next + 1;
    const op = random.int(8);
    if (op <= 2) {
      const sep = random.pick(["", " ", " ", "\n"]);
      text = text.slice(0, pos) + sep + random.pick(FRAGMENTS) + sep + text.slice(pos);
    } else if (op === 3) {
      text = text.slice(0, pos) + text.slice(pos + 1 + random.int(12));
    } else if (op === 4) {
      text = text.slice(0, pos) + String.fromCharCode(random.int(0x3000)) + text.slice(pos + 1);
    } else {
      const lines = text.split("\n");
      const a = random.int(lines.length);
      const b = random.int(lines.length);
      if (op === 5) lines.splice(a, 0, lines[b]!);
      else if (op === 6) [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      else lines.splice(a, 1);
      text = lines.join("\n");
    }
  }
  return text;
}

/** Values a hostile JSON document puts where a field belongs (fast-check's, plus the known killers). */
export function hostileValues(seed: number, count: number): unknown[] {
  const nested = (d: number) => JSON.parse(`${"[".repeat(d)}${"]".repeat(d)}`) as unknown;
  const killers: unknown[] = [
    { toString: 1 },
    { valueOf: {}, toString: null },
    nested(17),
    nested(300),
    "x".repeat(70_000),
    // Distinct objects: with fill() all 5,000 would be one, and an edit inside it would multiply the document.
    Array.from({ length: 5000 }, () => ({ a: [1] })),
    -0,
    1e308,
    2 ** 64,
    "\u001b[2J\u001b]0;owned\u0007",
    "0.0.0.0/0\n-A INPUT -j DROP",
    { __proto__: { polluted: true } },
  ];
  const generated = fc.sample(fc.oneof(fc.jsonValue({ maxDepth: 5 }), fc.string({ unit: "binary" })), {
    seed,
    numRuns: count,
  });
  // The known killers are drawn about a third of the time, so every run meets each of them often.
  return [...Array.from({ length: 20 }, () => killers).flat(), ...generated];
}

/** A conformance scenario with some of its fields (at any depth) replaced, removed or its ruleset mutated. */
export function mutateScenario(
  random: Random,
  values: readonly unknown[],
  rulesets: readonly string[],
): Record<string, unknown> {
  const doc = structuredClone(random.pick(SCENARIOS));
  const edits = 1 + random.int(3);
  for (let m = 0; m < edits; m++) {
    const op = random.int(4);
    if (op === 0) {
      doc.ruleset = mutateRuleset(random, [typeof doc.ruleset === "string" ? doc.ruleset : random.pick(rulesets)]);
      continue;
    }
    // Walk down a random path of objects and lists and change what is at its end.
    let node: unknown = doc;
    let parent: Record<string, unknown> | unknown[] = doc;
    let key: string | number = "ruleset";
    for (let depth = 0; depth < 4 && typeof node === "object" && node !== null; depth++) {
      const keys: (string | number)[] = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
      if (keys.length === 0) break;
      parent = node as Record<string, unknown>;
      key = random.pick(keys);
      node = (node as Record<string | number, unknown>)[key];
      if (random.next() < 0.3) break;
    }
    const target = parent as Record<string | number, unknown>;
    if (op === 1) delete target[key];
    else target[key] = structuredCloneSafe(random.pick(values));
  }
  return doc;
}

function structuredCloneSafe(v: unknown): unknown {
  // The known killers include objects whose toString is not a function: clone keeps them as they are.
  return typeof v === "object" && v !== null ? structuredClone(v) : v;
}

/**
 * The document's JSON text, sometimes with a list nested 20,000 deep spliced in as text: such a value cannot
 * be built and stringified in JavaScript (JSON.stringify and structuredClone recurse), but a file can hold it.
 */
export function toJsonText(random: Random, doc: unknown): string {
  const json = JSON.stringify(doc) ?? "null";
  if (random.int(40) !== 0 || !json.startsWith("{")) return json;
  const depth = 20_000;
  return `{"deep":${"[".repeat(depth)}${"]".repeat(depth)},${json.slice(1)}`;
}

/** A link made from a hostile document, a damaged good link, or random text. */
export function makeLink(random: Random, values: readonly unknown[], rulesets: readonly string[]): string {
  const kind = random.int(5);
  if (kind === 0) {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=#%s1";
    return Array.from({ length: random.int(400) }, () => random.pick([...alphabet])).join("");
  }
  const base = validateScenario(random.pick(SCENARIOS));
  const good = base.ok ? encodeShareLink({ scenario: base.value }) : "s1.";
  if (kind === 1) {
    const chars = [...good];
    for (let m = 0; m <= random.int(4); m++) chars[3 + random.int(chars.length - 3)] = random.pick([..."AZaz09-_="]);
    return chars.join("");
  }
  if (kind === 2) return good.slice(0, random.int(good.length));
  const doc = { format: 1, scenario: mutateScenario(random, values, rulesets), view: random.pick(values) };
  const json = kind === 3 ? `{"format":1,"scenario":${toJsonText(random, doc.scenario)}}` : toJsonText(random, doc);
  return `s1.${toBase64urlBytes(deflateSync(strToU8(json)))}`;
}

function toBase64urlBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}
