// Bundles the `nfx` command into one ES module so it starts fast and needs no TypeScript at run time.
import { build } from "esbuild";

await build({
  entryPoints: ["packages/cli/src/main.ts"],
  outfile: "packages/cli/dist/nfx.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "warning",
});
