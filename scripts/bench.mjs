// `npm run bench [-- import]`: bundles the benchmark (TypeScript) and runs it with the GC exposed for memory figures
// (`import`: only the kube-5000 imports, iptables and nftables; `nft-packets`: only the packets through kube-proxy's
// nftables service map), then `nfx check` against the kernel's parser, then the summary of issue 13's figures.
// NFX_BIG_NODE=1 adds the 700,000-line node to the kernel comparison (generated once here, removed at the end).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { build } from "esbuild";
import { generateNode } from "../bench/big-node.mjs";
import { figuresFromEngineOutput, recordFigure, summary } from "../bench/figures.mjs";

await build({
  entryPoints: ["bench/engine.bench.ts"],
  outfile: "bench/results/engine.bench.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
});
mkdirSync("bench/results", { recursive: true });
const figures = `bench/results/figures-${process.pid}.jsonl`;
const node = process.env.NFX_BIG_NODE && !process.env.NFX_BIG_NODE_FILE ? generateNode() : null;
const env = { ...process.env, NFX_BENCH_FIGURES: figures, ...(node ? { NFX_BIG_NODE_FILE: node.file } : {}) };
try {
  const args = process.argv.slice(2);
  // The engine's benchmark prints as it goes; its text is kept too, for the figures it prints (figures.mjs).
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--max-old-space-size=8192", "bench/results/engine.bench.mjs", ...args],
    { stdio: ["inherit", "pipe", "inherit"], env },
  );
  let printed = "";
  child.stdout.on("data", (chunk) => {
    process.stdout.write(chunk);
    printed += chunk;
  });
  const r = { status: await new Promise((done) => child.on("close", done)) };
  for (const f of figuresFromEngineOutput(printed)) recordFigure(f, figures);
  // Then `nfx check` against the kernel's parser on the same files (skipped without root and iptables), unless the
  // run asked for one section only.
  const k =
    r.status === 0 && args.length === 0
      ? spawnSync(process.execPath, ["bench/check-vs-kernel.mjs"], { stdio: "inherit", env })
      : r;
  if (args.length === 0) {
    console.log("\nsummary (issue 13, Speed; ratios against yardsticks measured in this run)");
    for (const line of summary(figures, "bench")) console.log(`  ${line}`);
  }
  process.exitCode = k.status ?? 1;
} finally {
  node?.remove();
  rmSync(figures, { force: true });
}
