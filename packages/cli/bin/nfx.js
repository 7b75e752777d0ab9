#!/usr/bin/env node
// The CLI is bundled from TypeScript by `npm run build:cli` (run by `npm ci` through `prepare`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const bundle = fileURLToPath(new URL("../dist/nfx.js", import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write("nfx: not built yet; run `npm run build:cli` at the repository root.\n");
  process.exit(2);
}
await import(bundle);
