// The 700,000-line node of issue 13 (gen_kube.py -s 44000 -e 3: 671,130 lines, 75 MB), generated at run time,
// never committed. A runner generates it once and hands its path to the benchmarks it starts
// (NFX_BIG_NODE_FILE); a benchmark run alone generates its own and removes it when it exits.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const perfDir = () => process.env.NFX_PERF_DIR ?? resolve(import.meta.dirname, "../../shared/perf");

/** Generates a gen_kube.py node of `services` services x3 endpoints into a fresh temp dir; `remove` deletes it. */
export function generateNode(services = 44000) {
  const dir = mkdtempSync(join(tmpdir(), "nfx-node-"));
  const file = join(dir, `kube-${services}.v4`);
  execFileSync("python3", [join(perfDir(), "gen_kube.py"), "-s", String(services), "-e", "3", "-o", file], {
    stdio: "ignore",
  });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The 700,000-line node's path: the runner's, or one generated now and removed when this process exits. */
export function bigNodeFile() {
  if (process.env.NFX_BIG_NODE_FILE) return process.env.NFX_BIG_NODE_FILE;
  const node = generateNode();
  process.on("exit", node.remove);
  process.env.NFX_BIG_NODE_FILE = node.file;
  return node.file;
}
