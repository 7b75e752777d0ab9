// Time of the whole-table checks (loops, jump depth, target placement) on hostile and deep rulesets, through
// the parser, as a user's paste or share link reaches them.
//
//   node --import tsx packages/iptables-save/bench/loops.mjs [SIZES] [SRC_DIR]
//
// SIZES: comma-separated counts (default 500,2000,5000). For each N it times two rulesets: N user chains that
// each jump to themselves and are each reached from INPUT (every loop refused, as in issue 14's 37 KB link), and
// a path INPUT -> C1 -> ... -> C(10 N) (one refusal, at the 16th chain). SRC_DIR (default: this package's src)
// lets a copy of another version be measured in the same session, as a baseline.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [sizesText = "500,2000,5000", srcDir] = process.argv.slice(2);
const src = srcDir ? resolve(srcDir) : join(dirname(fileURLToPath(import.meta.url)), "../src");
const { parseRuleset } = await import(pathToFileURL(join(src, "index.ts")).href);

function selfLoops(n) {
  const lines = ["*filter", ":INPUT ACCEPT [0:0]"];
  for (let i = 0; i < n; i++) lines.push(`:C${i} - [0:0]`);
  for (let i = 0; i < n; i++) lines.push(`-A INPUT -j C${i}`);
  for (let i = 0; i < n; i++) lines.push(`-A C${i} -j C${i}`);
  lines.push("COMMIT", "");
  return lines.join("\n");
}

function path(n) {
  const lines = ["*filter", ":INPUT ACCEPT [0:0]"];
  for (let i = 1; i <= n; i++) lines.push(`:C${i} - [0:0]`);
  lines.push("-A INPUT -j C1");
  for (let i = 1; i < n; i++) lines.push(`-A C${i} -j C${i + 1}`);
  lines.push("COMMIT", "");
  return lines.join("\n");
}

function time(label, text) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const { diagnostics } = parseRuleset(text);
  const used = process.cpuUsage(cpu);
  const ms = performance.now() - start;
  const cpuMs = (used.user + used.system) / 1000;
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const kb = (text.length / 1024).toFixed(0).padStart(6);
  console.log(
    `${label.padEnd(26)} ${kb} KB ${ms.toFixed(0).padStart(7)} ms wall ${cpuMs.toFixed(0).padStart(7)} ms cpu  ${errors} errors`,
  );
}

console.log(`load average: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
for (const n of sizesText.split(",").map(Number)) {
  time(`${n} self-loops`, selfLoops(n));
  time(`path of ${n * 10} chains`, path(n * 10));
}
