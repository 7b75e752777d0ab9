// Time of the whole-table checks (loops, jump depth, target placement) on hostile and deep rulesets, through
// the parser, as a user's paste or share link reaches them.
//
//   node --import tsx packages/iptables-save/bench/loops.mjs [SIZES] [SRC_DIR]
//
// SIZES: comma-separated counts (default 500,2000,5000). For each N it times two rulesets: N user chains that
// each jump to themselves and are each reached from INPUT (every loop refused, as in issue 14's 37 KB link), and
// a path INPUT -> C1 -> ... -> C(10 N) (one refusal, at the 16th chain). SRC_DIR (default: this package's src)
// lets a copy of another version be measured in the same session, as a baseline.
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
  const { diagnostics } = parseRuleset(text);
  const ms = performance.now() - start;
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  console.log(
    `${label.padEnd(28)} ${(text.length / 1024).toFixed(0).padStart(6)} KB ${ms.toFixed(0).padStart(7)} ms  ${errors} errors`,
  );
}

for (const n of sizesText.split(",").map(Number)) {
  time(`${n} self-loops`, selfLoops(n));
  time(`path of ${n * 10} chains`, path(n * 10));
}
