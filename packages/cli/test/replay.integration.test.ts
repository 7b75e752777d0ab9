/**
 * `nfx replay` against the live kernel: a host built in network namespaces of its own (`nfxt-<id>-h` with a
 * neighbour on eth0) traces three SYNs from the neighbour and a datagram it sends itself, with
 * `xtables-monitor --trace` and `nft -a monitor trace` listening at once; `nfx capture` then reads the host,
 * and both traces, replayed against the capture, give the same steps and agree with the engine. Needs root
 * and the tools; skipped otherwise.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { captureHost } from "@nfx/capture";
import { compareReplay, type KernelTrace, readKernelTrace, replayScenario } from "@nfx/kernel-trace";
import { preflight } from "@nfx/recorder";
import { runScenario, toAnswer } from "@nfx/scenario";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveReader } from "../src/commands/capture-reader";

const missing = ["xtables-monitor", "nft", "iptables-nft-restore", "ss"].filter(
  (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status !== 0,
);
const check = preflight();
const why = !check.ok
  ? "cannot build a host here (see nfx verify)"
  : missing.length
    ? `missing ${missing.join(", ")}`
    : "";
if (why) console.warn(`[replay integration] skipped: ${why}`);

const RULESET = `*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A PREROUTING -p tcp -j TRACE
-A OUTPUT -p udp -j TRACE
COMMIT
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:SSH - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j SSH
-A INPUT -p tcp -m tcp --dport 80 -m comment --comment web -j ACCEPT
-A SSH -s 10.99.0.0/24 -j ACCEPT
-A SSH -j RETURN
COMMIT
`;

function sh(cmd: string, args: readonly string[], input?: string): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", input, timeout: 20_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")}: ${r.stderr || r.error?.message}`);
  return r.stdout;
}

/** Runs a command in a namespace; resolves when it has exited. */
function exited(ns: string, argv: readonly string[]): Promise<void> {
  return new Promise((resolve) => {
    spawn("ip", ["netns", "exec", ns, ...argv], { stdio: "ignore" }).once("exit", () => resolve());
  });
}

/** A monitor's output so far, and a promise for the moment it holds `text`. */
function monitor(ns: string, argv: readonly string[]) {
  const p = spawn("ip", ["netns", "exec", ns, ...argv], { stdio: ["ignore", "pipe", "ignore"] });
  let out = "";
  const waiters: { text: string; resolve: () => void }[] = [];
  p.stdout.on("data", (d: Buffer) => {
    out += d.toString("utf8");
    for (const w of waiters.filter((x) => out.includes(x.text))) w.resolve();
  });
  return {
    process: p as ChildProcess,
    text: () => out,
    until: (text: string) =>
      new Promise<void>((resolve) => {
        if (out.includes(text)) return resolve();
        waiters.push({ text, resolve });
      }),
  };
}

/** A monitor's text from the line that first holds `text`. */
function from(out: string, text: string): string {
  return out.slice(out.lastIndexOf("\n", out.indexOf(text)) + 1);
}

describe.skipIf(why !== "")("nfx replay of a real host's kernel traces", () => {
  const id = `${process.pid.toString(36)}${randomBytes(2).toString("hex")}`;
  const host = `nfxt-${id}-h`;
  const peer = `nfxt-${id}-p`;
  const monitors: ChildProcess[] = [];
  let xt = "";
  let nft = "";
  let scenario: ReturnType<typeof captureHost>["scenario"];

  const destroy = () => {
    for (const m of monitors.splice(0)) m.kill("SIGKILL");
    for (const ns of [host, peer]) spawnSync("ip", ["netns", "del", ns]);
  };

  beforeAll(async () => {
    try {
      sh("ip", ["netns", "add", host]);
      sh("ip", ["netns", "add", peer]);
      sh("ip", ["-n", host, "link", "add", "eth0", "type", "veth", "peer", "name", "eth0", "netns", peer]);
      sh("ip", ["-n", host, "addr", "add", "10.99.0.1/24", "dev", "eth0"]);
      sh("ip", ["-n", peer, "addr", "add", "10.99.0.2/24", "dev", "eth0"]);
      for (const ns of [host, peer]) {
        sh("ip", ["-n", ns, "link", "set", "lo", "up"]);
        sh("ip", ["-n", ns, "link", "set", "eth0", "up"]);
      }
      sh("ip", ["netns", "exec", host, "iptables-nft-restore"], RULESET);
      const x = monitor(host, ["xtables-monitor", "--trace"]);
      const n = monitor(host, ["nft", "-a", "monitor", "trace"]);
      monitors.push(x.process, n.process);
      // Until both monitors print a probe's trace, they may not be listening yet: send it again.
      const probe = `import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("10.99.0.2", 9))`;
      const heard = () => x.text().includes("DPORT=9") && n.text().includes("udp dport 9");
      for (let i = 0; i < 200 && !heard(); i++) await exited(host, ["/usr/bin/python3", "-c", probe]);
      await Promise.all([x.until("DPORT=9"), n.until("udp dport 9")]);
      // The two may have started listening a probe apart: both traces start at one marker sent now that both
      // listen (dport 10), so they hold the same packets.
      const marker = `import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("10.99.0.2", 10))`;
      await exited(host, ["/usr/bin/python3", "-c", marker]);
      await Promise.all([x.until("DPORT=10 "), n.until("udp dport 10 ")]);
      const syns = `
import socket
for port in (22, 80, 23):
    s = socket.socket(); s.settimeout(0.3)
    try: s.connect(("10.99.0.1", port))
    except Exception: pass
    s.close()`;
      sh("ip", ["netns", "exec", peer, "/usr/bin/python3", "-c", syns]);
      await Promise.all([x.until("filter:INPUT:policy:DROP"), n.until("filter INPUT policy drop")]);
      xt = from(x.text(), "DPORT=10 ");
      nft = from(n.text(), "udp dport 10 ");
      scenario = captureHost(liveReader(["ip", "netns", "exec", host])).scenario;
    } catch (e) {
      destroy();
      throw e;
    }
  }, 60_000);

  afterAll(destroy);

  const steps = (t: KernelTrace) => t.packets.map((p) => p.steps.map((s) => s.step));
  const agreement = (t: KernelTrace) => {
    const run = replayScenario(scenario, t);
    const ran = runScenario(run.scenario);
    if (ran.kind !== "ran") throw new Error(ran.kind);
    return compareReplay(
      t,
      run,
      toAnswer(ran.result).packets.map((p) => p.trace),
    ).map((r) => r.comparison);
  };

  it("reads both tools' traces into the same steps, each rule found in the captured ruleset", () => {
    const fromXt = readKernelTrace(xt, scenario);
    expect(fromXt.notes).toEqual([]);
    const ssh = steps(fromXt).find((s) => s.includes("filter:SSH:rule:1:ACCEPT"));
    expect(ssh).toEqual([
      "raw:PREROUTING:rule:1:CONTINUE",
      "raw:PREROUTING:policy:ACCEPT",
      "filter:INPUT:rule:3:JUMP:SSH",
      "filter:SSH:rule:1:ACCEPT",
    ]);
    // nft names iptables-nft's rules by handle: with the host's listing pasted before, the same positions.
    const listing = sh("ip", ["netns", "exec", host, "nft", "-a", "list", "ruleset"]);
    const fromNft = readKernelTrace(`${listing}\n${nft}`, scenario);
    expect(fromNft.notes).toEqual([]);
    expect(steps(fromNft)).toEqual(steps(fromXt));
    expect(fromXt.packets.map((p) => p.packet?.proto)).toEqual(expect.arrayContaining(["udp", "tcp", "tcp", "tcp"]));
  });

  it("the engine agrees with the kernel on every traced packet of the captured host", () => {
    const results = agreement(readKernelTrace(xt, scenario));
    expect(results.length).toBeGreaterThanOrEqual(4);
    for (const r of results) expect(r).toMatchObject({ kind: "same" });
  });
});
