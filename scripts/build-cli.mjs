// Bundles the `nfx` command so it starts fast and needs no TypeScript at run time: dist/nfx.js, and beside it
// one chunk per command (and per code they share), loaded when that command runs (main.ts).
import { rmSync } from "node:fs";
import { build } from "esbuild";

const outdir = "packages/cli/dist";
// Chunks carry a hash in their names: old ones would pile up.
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { nfx: "packages/cli/src/main.ts" },
  outdir,
  // In dist/ itself, not a subfolder: bundled code finds files relative to its own module (recorder/agent.ts).
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
});
