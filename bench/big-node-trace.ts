// Issue 13's packet goal: a new ClusterIP TCP SYN through the 700,000-line node traced in < 10 ms once the ruleset
// is loaded, the first simulation (cold: the chains it reaches are compiled then) and a second one of the same
// parsed ruleset (what the app does when the next packet is sent). `simulate()` is the path the app's worker and
// `nfx trace` take (counters and conntrack included).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { prepareRuleset, simulate } from "@nfx/engine";
import { parseRuleset } from "@nfx/iptables-save";
import { toHost, toPacketSpec, validateScenario } from "@nfx/scenario";

function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

/** The node's file: the runner's (scripts/bench.mjs, NFX_BIG_NODE_FILE), else made once into the temp dir. */
function bigNode(perfDir: string): string {
  if (process.env.NFX_BIG_NODE_FILE) return process.env.NFX_BIG_NODE_FILE;
  const file = join(tmpdir(), "nfx-kube-44000-e3.v4");
  if (!existsSync(file)) {
    execFileSync("python3", [join(perfDir, "gen_kube.py"), "-s", "44000", "-e", "3", "-o", file], { stdio: "ignore" });
  }
  return file;
}

/** The last service's ClusterIP and port in KUBE-SERVICES, read from the text so the timing reads no rule first. */
function lastService(text: string): { ip: string; port: number } {
  const at = text.lastIndexOf("\n-A KUBE-SERVICES -d ");
  const line = text.slice(at + 1, text.indexOf("\n", at + 1));
  const m = /-d (\S+)\/32 -p tcp .*--dport (\d+)/.exec(line);
  if (!m) throw new Error(`no ClusterIP rule in KUBE-SERVICES: ${line}`);
  return { ip: m[1]!, port: Number(m[2]) };
}

/** The node's host; `extra` more interfaces make another host, whose chains are laid out anew. */
function scenarioHost(extra: number) {
  return {
    interfaces: [
      { name: "eth0", addr: "10.0.0.10/24" },
      { name: "cni0", addr: "10.244.0.1/16" },
      ...Array.from({ length: extra }, (_, i) => ({ name: `eth${i + 1}`, addr: `192.168.${i + 7}.1/24` })),
    ],
    routes: [{ dst: "0.0.0.0/0", via: "10.0.0.1", dev: "eth0" }],
    ip_forward: true,
  };
}

export function bigNodeTrace(perfDir: string): void {
  const file = bigNode(perfDir);
  const text = readFileSync(file, "utf8");
  const service = lastService(text);
  const t = performance.now();
  const { ruleset } = parseRuleset(text);
  const parseMs = performance.now() - t;
  let sport = 40000;
  const run = (extra: number, prepare = false): { wall: number; cpu: number; lines: number; prepared: number } => {
    const v = validateScenario({
      host: scenarioHost(extra),
      ruleset: "",
      packets: [
        {
          from: "local",
          proto: "tcp",
          src: "10.0.0.10",
          sport: ++sport,
          dst: service.ip,
          dport: service.port,
          flags: "S",
        },
      ],
    });
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    const host = toHost(v.value);
    const spec = toPacketSpec(v.value.packets[0]!);
    const p = process.cpuUsage();
    if (prepare) prepareRuleset(host, ruleset);
    const pu = process.cpuUsage(p);
    const cpu = process.cpuUsage();
    const start = performance.now();
    const result = simulate(host, ruleset, [spec]);
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const trace = result.packets[0]!.trace;
    if (!trace.some((l) => l.startsWith("nat:KUBE-SEP-") && l.endsWith(":ACCEPT"))) {
      throw new Error(`the ClusterIP SYN was not DNATed: ${trace.join(" ")}`);
    }
    return { wall, cpu: (used.user + used.system) / 1000, lines: trace.length, prepared: (pu.user + pu.system) / 1000 };
  };
  const before = load();
  const first = run(0);
  const second = run(0);
  const later = Array.from({ length: 7 }, () => run(0));
  // Another host (one more interface) lays its chains out again: cold chains, but engine code already warm.
  const otherHost = run(1);
  // A third host, prepared as a loader would once the ruleset is in (prepareRuleset), then its first packet.
  const prepared = run(2, true);
  const fmt = (r: { wall: number; cpu: number }) => `${r.cpu.toFixed(2)} ms CPU (${r.wall.toFixed(2)} ms wall)`;
  const mid = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  console.log(
    `a new ClusterIP SYN through the 700,000-line node (gen_kube.py -s 44000 -e 3; to ${service.ip}:${service.port}, the last service)`,
  );
  console.log(
    `  parse ${(parseMs / 1000).toFixed(1)} s (not counted); then simulate() of one packet, ${first.lines} trace lines:`,
  );
  console.log(`  first simulation    ${fmt(first)}: engine code and the chains it reaches cold (goal: < 10 ms)`);
  console.log(`  second simulation   ${fmt(second)} (same parsed ruleset; goal: < 10 ms)`);
  console.log(
    `  later simulations   ${mid(later.map((r) => r.cpu)).toFixed(2)} ms CPU (${mid(later.map((r) => r.wall)).toFixed(2)} ms wall), median of 7`,
  );
  console.log(`  another host        ${fmt(otherHost)}: chains laid out anew for its interfaces, engine code warm`);
  console.log(
    `  prepared host       ${fmt(prepared)} after prepareRuleset() took ${prepared.prepared.toFixed(2)} ms CPU (base chains and their jump targets laid out at load)`,
  );
  console.log(`  load average ${before} -> ${load()}`);
}
