// Parse time and retained heap of one ruleset file, for the parser's performance work.
//
//   node --expose-gc --import tsx packages/iptables-save/bench/measure.mjs FILE [time|mem] [RUNS] [SRC_DIR]
//
// `time` prints the first (cold) parse and the median of RUNS warm parses. `mem` prints the heap the parsed
// model keeps alive: heapUsed after a full GC with the result still reachable, minus heapUsed before the parse.
// It is reported twice: with the source text still held (as an app holding the file would), and with the text
// dropped, which also counts any part of the text the model pins (sliced strings keep their parent alive).
// Run each mode in a fresh process, so one does not warm up or fill the heap for the other. SRC_DIR (default:
// this package's src) lets a copy of another version be measured in the same session, as a baseline.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [file, mode = "time", runsText = "9", srcDir] = process.argv.slice(2);
if (!file) throw new Error("usage: measure.mjs FILE [time|mem] [RUNS] [SRC_DIR]");
if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");
const src = srcDir ? resolve(srcDir) : join(dirname(fileURLToPath(import.meta.url)), "../src");
const { parseRuleset } = await import(pathToFileURL(join(src, "index.ts")).href);

const mb = (bytes) => (bytes / 1e6).toFixed(1);
const fileBytes = readFileSync(file).length;

function countRules(ruleset) {
  let rules = 0;
  for (const table of ruleset.tables) for (const chain of table.chains) rules += chain.rules.length;
  return rules;
}

function heapAfterGc() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** The model's own objects and strings, with the text kept alive outside it (as an app holding the file would). */
function retainedWithTextHeld() {
  const text = readFileSync(file, "utf8");
  const before = heapAfterGc();
  const result = parseRuleset(text);
  const bytes = heapAfterGc() - before;
  // Used after the measurement, so neither the text nor the result can be collected before it.
  return { bytes, rules: countRules(result.ruleset) + text.length * 0 };
}

/** Everything the model keeps alive once the text is dropped, including any slices that pin the text. */
function retainedWithTextDropped() {
  const before = heapAfterGc();
  const result = parseRuleset(readFileSync(file, "utf8"));
  const bytes = heapAfterGc() - before;
  return { bytes, rules: countRules(result.ruleset) };
}

/** Median and spread of a list of milliseconds. */
function summary(times) {
  const sorted = [...times].sort((a, b) => a - b);
  return `median ${sorted[sorted.length >> 1].toFixed(0)} (min ${sorted[0].toFixed(0)}, max ${sorted[sorted.length - 1].toFixed(0)})`;
}

if (mode === "time") {
  // Wall time, and the process's CPU time (all threads, GC helpers included), which a busy shared machine
  // disturbs much less than wall time.
  const text = readFileSync(file, "utf8");
  const wall = [];
  const cpu = [];
  let rules = 0;
  for (let i = 0; i <= Number(runsText); i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const result = parseRuleset(text);
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    rules = countRules(result.ruleset);
  }
  const firstWall = wall.shift();
  const firstCpu = cpu.shift();
  console.log(
    `${file}: ${rules} rules; first run ${firstWall.toFixed(0)} ms wall, ${firstCpu.toFixed(0)} ms cpu; ` +
      `${wall.length} warm runs: wall ${summary(wall)}, cpu ${summary(cpu)}`,
  );
} else if (mode === "mem") {
  // Each measurement runs in its own function, so no stale interpreter register keeps an earlier result alive.
  const held = retainedWithTextHeld();
  const alone = retainedWithTextDropped();
  console.log(
    `${file}: ${held.rules} rules, file ${mb(fileBytes)} MB; retained with text held ${mb(held.bytes)} MB ` +
      `(${(held.bytes / fileBytes).toFixed(2)}x), with text dropped ${mb(alone.bytes)} MB ` +
      `(${(alone.bytes / fileBytes).toFixed(2)}x)`,
  );
} else {
  throw new Error(`unknown mode ${mode}`);
}
