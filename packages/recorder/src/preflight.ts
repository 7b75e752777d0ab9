/** Checks that this machine can record: root, and every tool the recorder drives. */
import { PYTHON } from "./agent";
import { run } from "./exec";

export interface PreflightProblem {
  what: string;
  message: string;
  /** What to do about it, e.g. `apt-get install -y nftables`. */
  fix: string;
}

export interface PreflightResult {
  ok: boolean;
  problems: PreflightProblem[];
}

interface Check {
  what: string;
  cmd: string;
  args: string[];
  /** The output must match this. */
  expect?: RegExp;
  fix: string;
  hint?: string;
}

const CHECKS: Check[] = [
  { what: "ip (iproute2)", cmd: "ip", args: ["-V"], fix: "apt-get install -y iproute2" },
  {
    what: "iptables-nft-restore",
    cmd: "iptables-nft-restore",
    args: ["--version"],
    expect: /nf_tables/,
    fix: "apt-get install -y iptables",
    hint: "the ruleset is loaded with iptables-nft (nf_tables); legacy iptables cannot be traced",
  },
  { what: "nft", cmd: "nft", args: ["--version"], fix: "apt-get install -y nftables" },
  { what: "conntrack", cmd: "conntrack", args: ["--version"], fix: "apt-get install -y conntrack" },
  { what: "stdbuf", cmd: "stdbuf", args: ["--version"], fix: "apt-get install -y coreutils" },
  {
    // The agent builds and parses frames itself (no scapy: its import costs a second per namespace).
    what: PYTHON,
    cmd: PYTHON,
    args: ["-c", "import json, socket, struct, threading"],
    fix: "apt-get install -y python3",
  },
];

/** Run every check; never throws. */
export function preflight(): PreflightResult {
  const problems: PreflightProblem[] = [];
  if (typeof process.getuid === "function" && process.getuid() !== 0) {
    problems.push({
      what: "root",
      message: "recording needs root (network namespaces, nft, raw sockets)",
      fix: "run as root, e.g. with sudo",
    });
  }
  for (const c of CHECKS) {
    const r = run(c.cmd, c.args, { allowFail: true, timeoutMs: 30_000 });
    const output = `${r.stdout}${r.stderr}`;
    if (r.status !== 0) {
      problems.push({ what: c.what, message: `not usable: ${output.trim().split("\n").pop() ?? ""}`, fix: c.fix });
    } else if (c.expect && !c.expect.test(output)) {
      problems.push({
        what: c.what,
        message: `unexpected version: ${output.trim()}${c.hint ? ` (${c.hint})` : ""}`,
        fix: c.fix,
      });
    }
  }
  return { ok: problems.length === 0, problems };
}

/** Human-readable report of a preflight result. */
export function formatPreflight(r: PreflightResult): string {
  if (r.ok) return "preflight: ok";
  return [
    "preflight: cannot record on this machine:",
    ...r.problems.map((p) => `  - ${p.what}: ${p.message}\n    fix: ${p.fix}`),
  ].join("\n");
}
