// `npm run bench [-- import]`: bundles the benchmark (TypeScript) and runs it with the GC exposed for memory figures
// (`import`: only the kube-5000 imports, iptables and nftables; `nft-packets`: only the packets through kube-proxy's
// nftables service map).
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
const args = process.argv.slice(2);
const r = spawnSync(
  process.execPath,
  ["--expose-gc", "--max-old-space-size=8192", "bench/results/engine.bench.mjs", ...args],
  {
    stdio: "inherit",
  },
);
// Then `nfx check` against the kernel's parser on the same files (skipped without root and iptables), unless the
// run asked for one section only.
const k =
  r.status === 0 && args.length === 0
    ? spawnSync(process.execPath, ["bench/check-vs-kernel.mjs"], { stdio: "inherit" })
    : r;
process.exit(k.status ?? 1);
