// `npm run bench:app`: the app in Debian's Chromium against the built site (`npm run build` first): frame times
// with 200 packets animated, then kube-5000 opened as a file (bench/app-load-rules.mjs), then, with
// NFX_BIG_NODE=1, the 700,000-line node (generated once here, removed at the end), then the summary of issue 13's
// figures. NFX_APP_RUNS sets how many times each file is opened (default 3).
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { servePreview } from "../bench/app-harness.mjs";
import { generateNode } from "../bench/big-node.mjs";
import { summary } from "../bench/figures.mjs";

mkdirSync("bench/results", { recursive: true });
const figures = `bench/results/figures-app-${process.pid}.jsonl`;
const runs = process.env.NFX_APP_RUNS ?? "3";
const node = process.env.NFX_BIG_NODE && !process.env.NFX_BIG_NODE_FILE ? generateNode() : null;
const env = { ...process.env, NFX_BENCH_FIGURES: figures, ...(node ? { NFX_BIG_NODE_FILE: node.file } : {}) };
// One server for every step (each would otherwise start its own).
const stopServer = await servePreview();
const failed = [];
const step = (title, args, extra = {}) => {
  console.log(`\n${title}`);
  const r = spawnSync(process.execPath, args, { stdio: "inherit", env: { ...env, ...extra } });
  if (r.status !== 0) failed.push(title);
};
try {
  step("frames, 200 packets animated", ["bench/app-frames.mjs"]);
  // kube-5000 also when the run is for the big node: NFX_BIG_NODE empty means the default file.
  step("kube-5000.v4 opened as a file", ["bench/app-load-rules.mjs", runs], { NFX_BIG_NODE: "" });
  if (process.env.NFX_BIG_NODE) step("the 700,000-line node opened as a file", ["bench/app-load-rules.mjs", runs]);
  console.log("\nsummary (issue 13, Speed, the app; ratios against yardsticks measured in this run)");
  for (const line of summary(figures, "app")) console.log(`  ${line}`);
  if (failed.length) console.log(`failed: ${failed.join("; ")}`);
  process.exitCode = failed.length ? 1 : 0;
} finally {
  stopServer();
  node?.remove();
  rmSync(figures, { force: true });
}
