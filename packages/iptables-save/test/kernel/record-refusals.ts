// Records what the live kernel's iptables-restore says of each refusal case, into kernel-refusals.json.
// As root, with iptables (nf_tables) and iproute2, each case in a new network namespace (deleted after it): the
// kernel remembers a table's failed whole-table check (nf_tables' validate_state), and once it has, it checks
// every later rule as it is added, so the first refusal printed would depend on the cases run before.
//
//   node --import tsx packages/iptables-save/test/kernel/record-refusals.ts
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { REFUSAL_CASES, refusalCase } from "./refusal-cases";

const ns = `nfxv-refusals-${process.pid}`;
const ip = (...args: string[]) => {
  const r = spawnSync("ip", args, { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`ip ${args.join(" ")}: ${r.stderr.trim()}`);
};
const restore = (text: string) => {
  ip("netns", "add", ns);
  try {
    return spawnSync("ip", ["netns", "exec", ns, "iptables-restore"], { input: text, encoding: "utf8" });
  } finally {
    ip("netns", "del", ns);
  }
};
{
  const version = spawnSync("iptables-restore", ["--version"], { encoding: "utf8" }).stdout.trim();
  const answers: (string | { line: number; message: string })[] = [];
  for (let k = 0; k < REFUSAL_CASES; k++) {
    const r = restore(refusalCase(k));
    const at = /line (\d+): (.*)/.exec(r.stderr);
    if (r.status === 0) answers.push("ok");
    else if (at) answers.push({ line: Number(at[1]), message: at[2]! });
    else throw new Error(`case ${k}: unexpected answer: ${r.stderr}`);
  }
  const kernel = spawnSync("uname", ["-r"], { encoding: "utf8" }).stdout.trim();
  const out = { recorded: `${version} on Linux ${kernel}`, answers };
  const lines = answers.map((a) => `  ${JSON.stringify(a)}`).join(",\n");
  const text = `{\n "recorded": ${JSON.stringify(out.recorded)},\n "answers": [\n${lines}\n ]\n}\n`;
  writeFileSync(join(import.meta.dirname, "kernel-refusals.json"), text);
}
