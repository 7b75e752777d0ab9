/**
 * The network namespaces of one recording: the scenario host and one neighbour per host interface, joined by
 * veth pairs. Every namespace is named `nfxr-<run id>-...` and is deleted by `destroy()`, which also runs on
 * SIGINT/SIGTERM and at process exit.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import type { ScenarioHost } from "@nfx/scenario";
import { RecorderError, run, runIn } from "./exec";
import { MACHINE_WIDE, sysctlArgs, sysctlPlan } from "./sysctl";

/** Name of the peer-side interface in each neighbour namespace. */
export const PEER_IF = "nfxp";

interface LabInterface {
  name: string;
  peerNs: string;
  hostMac: string;
}

const live = new Set<Lab>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const EXIT_CODES: Record<(typeof SIGNALS)[number], number> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

function cleanupAll(): void {
  for (const lab of live) lab.destroy();
}

const onSignal = (sig: (typeof SIGNALS)[number]) => {
  cleanupAll();
  process.exit(EXIT_CODES[sig]);
};

/** Signal and exit handlers exist only while a lab is live, so the library leaves the process as it found it. */
function track(lab: Lab, on: boolean): void {
  if (on) live.add(lab);
  else live.delete(lab);
  const installed = process.listeners("exit").includes(cleanupAll);
  if (live.size > 0 && !installed) {
    process.on("exit", cleanupAll);
    for (const sig of SIGNALS) process.on(sig, onSignal);
  } else if (live.size === 0 && installed) {
    process.off("exit", cleanupAll);
    for (const sig of SIGNALS) process.off(sig, onSignal);
  }
}

export class Lab {
  readonly runId: string;
  readonly hostNs: string;
  readonly interfaces: LabInterface[] = [];
  private namespaces: string[] = [];
  /** Processes started inside the namespaces, stopped before the namespaces are deleted. */
  private stoppers: Array<() => void> = [];

  constructor() {
    this.runId = `${process.pid.toString(36)}${randomBytes(3).toString("hex")}`;
    this.hostNs = `nfxr-${this.runId}-h`;
    track(this, true);
  }

  /** Register a process to stop at teardown. */
  onDestroy(stop: () => void): void {
    this.stoppers.push(stop);
  }

  private addNs(name: string): void {
    run("ip", ["netns", "add", name]);
    this.namespaces.push(name);
  }

  /**
   * A detached shell that deletes this run's namespaces once this process is gone, however it ended: the
   * signal handlers cannot run when the process is SIGKILLed (tsx does that to a child that does not answer
   * a relayed SIGINT within 30 ms, e.g. while it waits for a synchronous command).
   */
  private startReaper(names: readonly string[]): void {
    const script =
      'while kill -0 "$0" 2>/dev/null; do sleep 0.5; done; for ns in "$@"; do ' +
      'for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null; done; ' +
      'ip netns del "$ns" 2>/dev/null; done; exit 0';
    spawn("sh", ["-c", script, String(process.pid), ...names], { detached: true, stdio: "ignore" }).unref();
  }

  /** Create the namespaces, links, addresses, routes and sysctls of `host`. */
  build(host: ScenarioHost): void {
    this.startReaper([this.hostNs, ...host.interfaces.map((_, i) => `nfxr-${this.runId}-p${i}`)]);
    this.addNs(this.hostNs);
    const h = this.hostNs;
    run("ip", ["-n", h, "link", "set", "lo", "up"]);
    // IPv6 stays on lo only (the monitor sync probe uses ::1); the veths carry IPv4 and ARP, nothing else.
    runIn(h, "sysctl", ["-qw", "net.ipv6.conf.default.disable_ipv6=1"]);
    const plan = sysctlPlan(host);
    const machineMax = Number(runIn(h, "sysctl", ["-n", MACHINE_WIDE]).stdout.trim());
    if (machineMax !== plan.conntrackMax) {
      throw new RecorderError(
        `${MACHINE_WIDE} is ${machineMax} on this machine and ${plan.conntrackMax} in the scenario: only the initial ` +
          "network namespace may set it (it is the machine's, shared by every namespace), so the recorder does not; " +
          "record this scenario on a machine with that limit",
      );
    }
    runIn(h, "sysctl", sysctlArgs(plan.beforeInterfaces));
    host.interfaces.forEach((iface, i) => {
      const peerNs = `nfxr-${this.runId}-p${i}`;
      this.addNs(peerNs);
      runIn(peerNs, "sysctl", ["-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"]);
      run("ip", ["-n", h, "link", "add", iface.name, "type", "veth", "peer", "name", PEER_IF, "netns", peerNs]);
      run("ip", ["-n", h, "addr", "add", iface.addr, "dev", iface.name]);
      run("ip", ["-n", h, "link", "set", iface.name, "up"]);
      run("ip", ["-n", peerNs, "link", "set", PEER_IF, "up"]);
      // The neighbour's kernel has no address and must never answer: its own agent answers ARP only.
      run("ip", ["netns", "exec", peerNs, "nft", "-f", "-"], {
        input: "table ip nfxpeer {\n  chain out { type filter hook output priority 0; policy drop; }\n}\n",
      });
      const link = JSON.parse(run("ip", ["-n", h, "-j", "link", "show", iface.name]).stdout) as Array<{
        address: string;
      }>;
      this.interfaces.push({ name: iface.name, peerNs, hostMac: link[0]!.address });
    });
    const markTables: string[] = [];
    for (const r of host.routes) {
      const args = ["-n", h, "route", "add"];
      // A route with a mark lives in a table of its own, chosen by an `ip rule fwmark` (policy routing).
      let table: number | undefined;
      if (r.mark) {
        let k = markTables.indexOf(r.mark);
        if (k < 0) {
          k = markTables.push(r.mark) - 1;
          run("ip", ["-n", h, "rule", "add", "fwmark", r.mark, "table", String(100 + k), "priority", String(1000 + k)]);
        }
        table = 100 + k;
      }
      if (r.type && r.type !== "unicast") args.push(r.type);
      args.push(r.dst === "0.0.0.0/0" ? "default" : r.dst);
      if (r.via) args.push("via", r.via);
      if (r.dev && (!r.type || r.type === "unicast")) args.push("dev", r.dev);
      if (table !== undefined) args.push("table", String(table));
      run("ip", args);
    }
    runIn(h, "sysctl", sysctlArgs(plan.afterInterfaces));
  }

  /** Stop our processes and delete our namespaces. Safe to call more than once. */
  destroy(): void {
    for (const stop of this.stoppers.splice(0)) {
      try {
        stop();
      } catch {
        // already gone
      }
    }
    for (const ns of this.namespaces.splice(0).reverse()) {
      // Anything still running in a namespace of this run was started by this run.
      const pids = run("ip", ["netns", "pids", ns], { allowFail: true }).stdout.split(/\s+/).filter(Boolean);
      for (const pid of pids) {
        try {
          process.kill(Number(pid), "SIGKILL");
        } catch {
          // exited meanwhile
        }
      }
      run("ip", ["netns", "del", ns], { allowFail: true });
    }
    track(this, false);
  }
}
