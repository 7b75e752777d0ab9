/**
 * Traces recorded on the live kernel (6.18, iptables 1.8.9 nf_tables, nftables 1.0.6) in a namespace host
 * with one interface (eth0 10.99.0.1/24): a TRACE rule in raw, filter INPUT with an SSH chain; the "mixed"
 * host also has a native `table inet fw` dropping port 80 after iptables' accept. Three SYNs from the
 * neighbour (ports 22, 80, 23) and one UDP datagram from the host. Both tools ran at the same time.
 */
import { readFileSync } from "node:fs";
import { runScenario, type Scenario, toAnswer } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import { firstDifference, type KernelTrace, noteText, readKernelTrace } from "../src/index";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.txt`, import.meta.url), "utf8");
/** The native table as the scenario carries it: the listing's `table inet fw` block. */
const nativeTable = (listing: string) => listing.slice(listing.indexOf("table inet fw"));
const steps = (t: KernelTrace) => t.packets.map((p) => p.steps.map((s) => s.step));

const IPTABLES = fixture("iptables.iptables-save");
const EXPECTED = [
  [
    "raw:PREROUTING:rule:1:CONTINUE",
    "raw:PREROUTING:policy:ACCEPT",
    "filter:INPUT:rule:3:JUMP:SSH",
    "filter:SSH:rule:1:ACCEPT",
  ],
  ["raw:PREROUTING:rule:1:CONTINUE", "raw:PREROUTING:policy:ACCEPT", "filter:INPUT:rule:4:ACCEPT"],
  ["raw:PREROUTING:rule:1:CONTINUE", "raw:PREROUTING:policy:ACCEPT", "filter:INPUT:policy:DROP"],
  ["raw:OUTPUT:rule:1:CONTINUE", "raw:OUTPUT:policy:ACCEPT", "filter:OUTPUT:policy:ACCEPT"],
];

describe("readKernelTrace", () => {
  it("reads xtables-monitor --trace: each rule found in iptables-save by its text", () => {
    const t = readKernelTrace(fixture("iptables.xtables-monitor"), { ruleset: IPTABLES });
    expect(t.format).toBe("xtables-monitor --trace");
    expect(t.notes).toEqual([]);
    expect(steps(t)).toEqual(EXPECTED);
    expect(t.packets[0]!.packet).toMatchObject({
      from: "eth0",
      proto: "tcp",
      src: "10.99.0.2",
      dst: "10.99.0.1",
      dport: 22,
      flags: "S",
      ttl: 64,
    });
    expect(t.packets[3]!.packet).toMatchObject({ from: "local", proto: "udp", dst: "10.99.0.2", dport: 53 });
    // Each step keeps the kernel's own line, to show beside it.
    expect(t.packets[0]!.steps[2]!.raw).toMatch(/^ TRACE: 2 \w+ filter:INPUT:rule:0x7:JUMP:SSH {2}-4 -t filter/);
  });

  it("reads nft -a monitor trace with nft -a list ruleset pasted along: the same steps, by handle", () => {
    const text = `${fixture("iptables.nft-list-ruleset")}\n${fixture("iptables.nft-monitor-a")}`;
    const t = readKernelTrace(text, { ruleset: IPTABLES });
    expect(t.format).toBe("nft monitor trace");
    expect(t.notes).toEqual([]);
    expect(steps(t)).toEqual(EXPECTED);
  });

  it("without a listing, names the rules of iptables-nft's tables by handle and says what would tell more", () => {
    const t = readKernelTrace(fixture("iptables.nft-monitor-a"), { ruleset: IPTABLES });
    expect(steps(t)[0]).toEqual([
      "raw:PREROUTING:rule:handle-3:CONTINUE",
      "raw:PREROUTING:policy:ACCEPT",
      "filter:INPUT:rule:handle-7:JUMP:SSH",
      "filter:SSH:rule:handle-9:ACCEPT",
    ]);
    expect(t.notes[0]).toEqual({ line: 2, kind: "rule-not-found", table: "raw", chain: "PREROUTING", handle: 3 });
    expect(noteText(t.notes[0]!)).toBe(
      "rule handle 3 of raw PREROUTING not found in the ruleset: paste nft -a list ruleset with the trace",
    );
  });

  it("maps a native table's events through the scenario's nftables text (with handles), after iptables'", () => {
    const listing = fixture("mixed.nft-list-ruleset");
    const rulesets = { ruleset: fixture("mixed.iptables-save"), nftables: nativeTable(listing) };
    const nft = readKernelTrace(`${listing}\n${fixture("mixed.nft-monitor-a")}`, rulesets);
    const xt = readKernelTrace(fixture("mixed.xtables-monitor"), rulesets);
    const web = ["raw:PREROUTING:rule:1:CONTINUE", "raw:PREROUTING:policy:ACCEPT", "filter:INPUT:rule:4:ACCEPT"];
    expect(steps(nft)[1]).toEqual([...web, "inet fw:input:rule:1:DROP"]);
    expect(steps(xt)).toEqual(steps(nft));
    expect(xt.notes).toEqual([]);
    // Without handles in the trace, a native rule is found by its text.
    const plain = readKernelTrace(fixture("mixed.nft-monitor"), rulesets);
    expect(steps(plain)[1]!.at(-1)).toBe("inet fw:input:rule:1:DROP");
  });

  it("keeps reading past bad or cut lines, and says which, at their line", () => {
    const lines = fixture("iptables.xtables-monitor").split("\n");
    const text = [
      ...lines.slice(1, 3), // the first packet cut off above: no PACKET line
      " TRACE: 2 deadbeef filter:INPUT",
      "hello",
      ...lines.slice(6),
    ].join("\n");
    const t = readKernelTrace(text, { ruleset: IPTABLES });
    expect(t.notes).toEqual([
      { line: 1, kind: "no-packet-line", id: "060a97ef" },
      { line: 3, kind: "unreadable-line", format: "xtables-monitor --trace" },
      { line: 4, kind: "not-a-trace-line", format: "xtables-monitor --trace" },
    ]);
    expect(t.notes.map(noteText)).toEqual([
      "trace 060a97ef starts without its packet line (cut off above?): its packet is unknown",
      "a trace line xtables-monitor does not print this way: left out",
      "not a trace line (xtables-monitor --trace): left out",
    ]);
    expect(t.packets[0]!.packet).toBeNull();
    expect(steps(t).slice(1)).toEqual(EXPECTED.slice(1));
  });

  it("leaves out the tracer's own table and families the explorer does not simulate, and says so once", () => {
    const text = [
      'trace id 1 ip dbg pre packet: iif "eth0" ip saddr 10.99.0.2 ip daddr 10.99.0.1 ip ttl 64 ip id 1 udp sport 1 udp dport 2',
      "trace id 1 ip dbg pre rule meta nftrace set 1 (verdict continue)",
      "trace id 1 ip filter INPUT policy drop",
      'trace id 2 ip6 raw PREROUTING packet: iif "eth0" ip6 saddr ::1 ip6 daddr ::1 udp sport 1 udp dport 2',
      "trace id 2 ip6 raw PREROUTING policy accept",
    ].join("\n");
    const t = readKernelTrace(text, { ruleset: IPTABLES });
    expect(steps(t)).toEqual([["filter:INPUT:policy:DROP"]]);
    expect(t.notes.map((n) => n.line)).toEqual([2, 4]);
    expect(t.notes.map(noteText)).toEqual([
      "dbg pre is not in the scenario's rulesets: its events are left out",
      "ip6 tables are not simulated: their events are left out",
    ]);
  });
});

describe("firstDifference with the engine's trace of the same packet", () => {
  const scenario = (ruleset: string): Scenario => ({
    version: 1,
    host: {
      interfaces: [{ name: "eth0", addr: "10.99.0.1/24" }],
      routes: [],
      ip_forward: false,
      listen: [{ proto: "tcp", port: 22 }],
      conntrack: "auto",
    },
    ruleset,
    packets: [],
  });
  const engineTrace = (s: Scenario, packet: NonNullable<KernelTrace["packets"][number]["packet"]>) => {
    const run = runScenario({ ...s, packets: [packet] });
    if (run.kind !== "ran") throw new Error(run.kind);
    return toAnswer(run.result).packets[0]!.trace;
  };
  const trace = readKernelTrace(fixture("iptables.xtables-monitor"), { ruleset: IPTABLES });

  it("agrees with the kernel on every recorded packet of the real host", () => {
    for (const p of trace.packets)
      expect(firstDifference(p.steps, engineTrace(scenario(IPTABLES), p.packet!))).toMatchObject({ kind: "same" });
  });

  it("names the first step where a different ruleset parts from the kernel", () => {
    const changed = IPTABLES.replace("-A SSH -s 10.99.0.0/24 -j ACCEPT", "-A SSH -s 10.98.0.0/24 -j ACCEPT");
    const p = trace.packets[0]!;
    const d = firstDifference(p.steps, engineTrace(scenario(changed), p.packet!));
    expect(d).toMatchObject({
      kind: "differs",
      index: 3,
      kernel: { step: "filter:SSH:rule:1:ACCEPT", line: 6 },
      engine: "filter:SSH:rule:2:RETURN",
    });
  });
});
