import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { replayCommand } from "../src/commands/replay";
import type { Io } from "../src/io";

const fixtures = new URL("../../kernel-trace/test/fixtures/", import.meta.url);
const IPTABLES = readFileSync(new URL("iptables.iptables-save.txt", fixtures), "utf8");
/** The namespace host the fixtures were recorded on (see packages/kernel-trace/test/replay.test.ts). */
const scenario = (ruleset: string) =>
  JSON.stringify({
    version: 1,
    host: {
      interfaces: [{ name: "eth0", addr: "10.99.0.1/24" }],
      routes: [],
      listen: [{ proto: "tcp", port: 22 }],
      conntrack: "auto",
    },
    ruleset,
    packets: [],
  });

function replay(files: Record<string, string>, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (l) => void out.push(l),
    err: (l) => void err.push(l),
    data: (t) => void out.push(t),
    read: (path) => files[path] ?? readFileSync(new URL(path, fixtures), "utf8"),
  };
  return { code: replayCommand(args, io), out: out.join("\n"), err: err.join("\n") };
}

describe("nfx replay", () => {
  it("maps each event of a real xtables-monitor trace to its rule and says the engine agrees", () => {
    const r = replay({ "host.json": scenario(IPTABLES) }, "host.json", "iptables.xtables-monitor.txt");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "packet 1 (trace 060a97ef, iptables.xtables-monitor.txt:1): tcp 10.99.0.2:49490 > 10.99.0.1:22 from eth0",
    );
    expect(r.out).toContain("    filter:INPUT:rule:3:JUMP:SSH   (iptables.xtables-monitor.txt:5)");
    expect(r.out.match(/=> the engine agrees/g)).toHaveLength(4);
  });

  it("shows the first difference under the kernel's step, and exits 1", () => {
    // The scenario drops the neighbour first: its rules are no longer the ones the kernel ran.
    const changed = scenario(IPTABLES.replace("-A SSH -s", "-A SSH -s 10.99.0.2/32 -j DROP\n-A SSH -s"));
    const r = replay({ "host.json": changed }, "host.json", "iptables.xtables-monitor.txt");
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      "    filter:SSH:rule:2:ACCEPT   (iptables.xtables-monitor.txt:6)\n      ^ the engine: filter:SSH:rule:1:DROP",
    );
    expect(r.out).toContain(
      "=> first difference at step 4 (iptables.xtables-monitor.txt:6): the kernel filter:SSH:rule:2:ACCEPT, the engine filter:SSH:rule:1:DROP",
    );
  });

  it("names a bad line of the trace by file and line, and says when there is no trace at all", () => {
    const r = replay(
      { "host.json": scenario(IPTABLES), "t.txt": "trace id 12 ip filter\nnot a trace\n" },
      "host.json",
      "t.txt",
    );
    expect(r.err).toContain("t.txt:1: a trace line nft does not print this way: left out");
    expect(r.err).toContain("t.txt:2: not a trace line (nft monitor trace): left out");
    expect(replay({}, "host.json").code).toBe(2);
  });
});
