// The live re-check of `npm test`: where it runs as root with the kernel tools, every golden under conformance/
// is recorded again on this machine's kernel and must give the stored answer. Elsewhere it says why it skips.
import { spawnSync } from "node:child_process";

if (process.getuid?.() !== 0) {
  process.stdout.write(
    "skipped: the live kernel re-check needs root (network namespaces); run npm test as root to include it\n",
  );
  process.exit(0);
}
const r = spawnSync("node_modules/.bin/nfx", ["recheck", "conformance"], { stdio: "inherit" });
process.exit(r.status ?? 1);
