// `nfx check` against the kernel's own parser, `iptables-restore --test`, on the same files in the same run
// (issue 13: kube-5000 <= 0.5x, the 700,000-line node <= 0.15x). CPU time (user + sys) of each child process,
// because the machine is shared and wall time says more about the neighbours than about the parser.
// The kernel's tool runs in a network namespace of its own (needs root and iptables; skipped otherwise).
// NFX_BIG_NODE=1 adds the 700,000-line node (gen_kube.py -s 44000 -e 3, generated into the temp dir: big-node.mjs).
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bigNodeFile, perfDir } from "./big-node.mjs";
import { loadText, recordFigure } from "./figures.mjs";

const perf = perfDir();
const nfx = join(process.cwd(), "packages/cli/dist/nfx.js");
const runs = Number(process.env.NFX_CHECK_RUNS ?? 3);
// NFX_NETNS_PREFIX: whose namespace this is, on a machine where several people run benchmarks at once.
const ns = `${process.env.NFX_NETNS_PREFIX ?? "nfxw"}-check-${process.pid}`;

// Node reads the certificates NODE_EXTRA_CA_CERTS names when it starts, before any of nfx runs: ~33 ms of CPU
// on this machine, whose environment sets it for a proxy. A user's shell seldom does, so nfx is measured without
// it, and with it beside when it is set.
const CA_CERTS = process.env.NODE_EXTRA_CA_CERTS;
const userEnv = { ...process.env };
delete userEnv.NODE_EXTRA_CA_CERTS;

/** CPU seconds (user + sys) of `cmd` with `file` as `arg` or as stdin, read from the shell's `times`. */
function cpu(cmd, file, asStdin, env = process.env) {
  const script = asStdin
    ? '"$@" < "$F" > /dev/null; echo "rc=$?"; times'
    : '"$@" "$F" > /dev/null; echo "rc=$?"; times';
  const r = spawnSync("sh", ["-c", script, "sh", ...cmd], { env: { ...env, F: file }, encoding: "utf8" });
  const out = r.stdout.trim().split("\n");
  const rc = out.find((l) => l.startsWith("rc="));
  const children = out.at(-1).match(/(\d+)m([\d.]+)s (\d+)m([\d.]+)s/);
  if (!children) throw new Error(`no times from ${cmd.join(" ")}: ${r.stderr}`);
  const [, um, us, sm, ss] = children;
  return { cpu: Number(um) * 60 + Number(us) + Number(sm) * 60 + Number(ss), ok: rc === "rc=0" };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function kernelAvailable() {
  if (process.getuid?.() !== 0) return "not root";
  const which = spawnSync("sh", ["-c", "command -v iptables-restore && command -v ip"], { encoding: "utf8" });
  return which.status === 0 ? null : "iptables-restore or ip missing";
}

const why = kernelAvailable();
if (why) {
  console.log(`nfx check vs iptables-restore --test: skipped (${why})`);
  for (const id of ["check-kube-5000", "check-kube-5000-ca", "check-700k", "check-700k-ca"])
    recordFigure({ id, skipped: why });
  process.exit(0);
}
const files = [join(perf, "rulesets/kube-5000.v4")];
if (process.env.NFX_BIG_NODE) files.push(bigNodeFile());
execFileSync("ip", ["netns", "add", ns]);
try {
  console.log(`nfx check vs iptables-restore --test (CPU s, median of ${runs}; ${loadText()})`);
  for (const file of files) {
    const lines = readFileSync(file, "utf8").split("\n").length;
    const t = { nfx: [], nft: [], legacy: [], ca: [] };
    for (let i = 0; i < runs; i++) {
      // Interleaved, so a burst of load from the neighbours falls on all three alike.
      const a = cpu([process.execPath, nfx, "check"], file, false, userEnv);
      if (CA_CERTS) t.ca.push(cpu([process.execPath, nfx, "check"], file, false).cpu);
      const b = cpu(["ip", "netns", "exec", ns, "iptables-restore", "--test"], file, true);
      const c = cpu(["ip", "netns", "exec", ns, "iptables-legacy-restore", "--test"], file, true);
      if (!a.ok || !b.ok || !c.ok) throw new Error(`a tool refused ${file}: nfx ${a.ok}, nft ${b.ok}, legacy ${c.ok}`);
      t.nfx.push(a.cpu);
      t.nft.push(b.cpu);
      t.legacy.push(c.cpu);
    }
    const [n, k, l] = [median(t.nfx), median(t.nft), median(t.legacy)];
    console.log(
      `  ${file.split("/").at(-1)} (${lines.toLocaleString("en")} lines): nfx check ${n.toFixed(2)} s; ` +
        `iptables-restore --test ${k.toFixed(2)} s (nft), ${l.toFixed(2)} s (legacy); ` +
        `ratio ${(n / k).toFixed(2)}x nft, ${(n / l).toFixed(2)}x legacy; ${loadText()}`,
    );
    const withCa = CA_CERTS ? median(t.ca) : null;
    if (withCa !== null)
      console.log(
        `    with NODE_EXTRA_CA_CERTS as this shell has it: nfx check ${withCa.toFixed(2)} s, ${(withCa / k).toFixed(2)}x nft`,
      );
    // The yardstick is `iptables-restore`, which is iptables-nft on Debian.
    const big = file !== files[0];
    recordFigure({
      id: big ? "check-700k" : "check-kube-5000",
      value: n,
      unit: "s",
      yardstick: { label: "iptables-restore --test", value: k },
      goal: { on: "ratio", op: "<=", limit: big ? 0.15 : 0.5 },
    });
    recordFigure(
      withCa === null
        ? { id: big ? "check-700k-ca" : "check-kube-5000-ca", skipped: "NODE_EXTRA_CA_CERTS is not set" }
        : {
            id: big ? "check-700k-ca" : "check-kube-5000-ca",
            value: withCa,
            unit: "s",
            yardstick: { label: "iptables-restore --test", value: k },
          },
    );
  }
} finally {
  execFileSync("ip", ["netns", "del", ns]);
}
