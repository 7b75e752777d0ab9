// `npm run bench [-- import]`: bundles the benchmark (TypeScript) and runs it with the GC exposed for memory figures
// (`import`: only the kube-5000 imports, iptables and nftables).
import { spawnSync } from "node:child_process";
import { build } from "esbuild";

await build({
  entryPoints: ["bench/engine.bench.ts"],
  outfile: "bench/results/engine.bench.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
});
const r = spawnSync(
  process.execPath,
  ["--expose-gc", "--max-old-space-size=8192", "bench/results/engine.bench.mjs", ...process.argv.slice(2)],
  {
    stdio: "inherit",
  },
);
process.exit(r.status ?? 1);
