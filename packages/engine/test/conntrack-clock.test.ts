import { describe, expect, it } from "vitest";
import { conntrackLater, type PacketOutcome, type SimulationResult, type Step } from "../src";
import { ROUTER, run } from "./harness";

const FILTER_ONLY = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n";
const host = (sysctl: Record<string, number>) => ({ ...ROUTER, conntrack: "on", sysctl });
const dns = (sport: number, extra: object = {}) => ({
  from: "local",
  proto: "udp",
  src: "10.0.0.1",
  sport,
  dst: "198.51.100.53",
  dport: 53,
  ...extra,
});
const answer = (dport: number, extra: object = {}) => ({
  from: "eth0",
  proto: "udp",
  src: "198.51.100.53",
  sport: 53,
  dst: "10.0.0.1",
  dport,
  ...extra,
});
const ctSteps = (p: PacketOutcome) =>
  p.steps.filter((s): s is Extract<Step, { kind: "conntrack" }> => s.kind === "conntrack");
const procLines = (r: SimulationResult) => r.conntrackTable.map((e) => e.proc);

describe("conntrack's clock", () => {
  it("gives each entry the kernel's default timeout for its protocol and state", () => {
    const r = run(FILTER_ONLY, [dns(40000)], host({}));
    expect(r.conntrackTable.map((e) => e.timeout)).toEqual([30]);
    const tcp = run(
      FILTER_ONLY,
      [{ from: "local", proto: "tcp", src: "10.0.0.1", sport: 40000, dst: "198.51.100.1", dport: 80, flags: "S" }],
      host({}),
    );
    expect(tcp.conntrackTable[0]!.proc).toMatch(/^ipv4 {5}2 tcp {6}6 120 SYN_SENT /);
  });

  it("counts the time left from the last packet that refreshed the entry", () => {
    const r = run(FILTER_ONLY, [dns(40000), answer(40000, { advance: 10 }), dns(40001, { advance: 5 })], host({}));
    const left = Object.fromEntries(r.conntrackTable.map((e) => [e.entry.split(" ")[3], e.timeout]));
    expect(left).toEqual({ "sport=40000": 25, "sport=40001": 30 });
  });

  it("expires an entry once its timeout has passed, so the next answer is NEW and the steps say why", () => {
    const sysctl = { "net.netfilter.nf_conntrack_udp_timeout": 3 };
    const r = run(
      FILTER_ONLY,
      [dns(40000), answer(40000, { advance: 2 }), answer(40000, { advance: 4 })],
      host(sysctl),
    );
    expect(r.packets[1]!.steps.find((s) => s.kind === "chain")).toMatchObject({ packet: { ctinfo: "ESTABLISHED" } });
    const third = ctSteps(r.packets[2]!);
    expect(third[0]).toMatchObject({ action: "expired", entry: expect.stringContaining("sport=40000 dport=53") });
    expect(third[1]).toMatchObject({ action: "new" });
  });

  it("does not expire an entry a moment before its timeout", () => {
    const sysctl = { "net.netfilter.nf_conntrack_udp_timeout": 3 };
    const r = run(FILTER_ONLY, [dns(40000), answer(40000, { at: 2999 })], host(sysctl));
    expect(ctSteps(r.packets[1]!).map((s) => s.action)).toEqual(["found"]);
  });

  it("keeps a TCP connection in CLOSE for nf_conntrack_tcp_timeout_close", () => {
    const tcp = (from: string, flags: string, advance = 0) =>
      from === "eth1"
        ? { from, proto: "tcp", src: "192.168.1.10", sport: 5000, dst: "198.51.100.2", dport: 80, flags, advance }
        : { from, proto: "tcp", src: "198.51.100.2", sport: 80, dst: "192.168.1.10", dport: 5000, flags, advance };
    const r = run(
      FILTER_ONLY,
      [tcp("eth1", "S"), tcp("eth0", "SA"), tcp("eth1", "A"), tcp("eth0", "RA")],
      host({ "net.netfilter.nf_conntrack_tcp_timeout_close": 7 }),
    );
    expect(r.conntrackTable.map((e) => [e.timeout, e.entry.split(" ")[1]])).toEqual([[7, "CLOSE"]]);
  });
});

describe("nf_conntrack_max", () => {
  const flow = (n: number) => ({
    from: "eth1",
    proto: "udp",
    src: "192.168.1.10",
    sport: 1000 + n,
    dst: "198.51.100.9",
    dport: 53,
  });
  const reply = (n: number) => ({
    from: "eth0",
    proto: "udp",
    src: "198.51.100.9",
    sport: 53,
    dst: "192.168.1.10",
    dport: 1000 + n,
  });

  it("early-drops a non-assured entry to make room for a new connection", () => {
    const r = run(FILTER_ONLY, [flow(1), flow(2), flow(3)], host({ "net.netfilter.nf_conntrack_max": 2 }));
    expect(r.packets[2]!.fate).toBe("forwarded");
    expect(ctSteps(r.packets[2]!)[0]).toMatchObject({
      action: "early-drop",
      entry: expect.stringContaining("sport=1001 "),
    });
    expect(r.conntrack).toHaveLength(2);
    expect(r.conntrack.some((e) => e.includes("sport=1001 "))).toBe(false);
  });

  it("drops the packet when every entry is ASSURED, and says the table is full", () => {
    // A UDP flow answered and still active after two seconds is ASSURED: early drop may not touch it.
    const packets = [flow(1), reply(1), { ...flow(1), at: 2500 }, flow(2)];
    const r = run(FILTER_ONLY, packets, host({ "net.netfilter.nf_conntrack_max": 1 }));
    const last = r.packets[3]!;
    expect(last.fate).toBe("dropped");
    expect(ctSteps(last).map((s) => s.action)).toEqual(["table-full"]);
    expect(last.steps.at(-1)).toMatchObject({ kind: "drop", reason: expect.stringContaining("table full") });
    expect(r.conntrack).toEqual([expect.stringContaining("[ASSURED]")]);
  });
});

describe("/proc/net/nf_conntrack", () => {
  it("prints each entry as the kernel does, with counters when nf_conntrack_acct is on", () => {
    const sysctl = { "net.netfilter.nf_conntrack_acct": 1 };
    const r = run(FILTER_ONLY, [dns(53831, { payload: "xy" })], host(sysctl));
    // The line Linux 6.18 printed for the same datagram (a listing read a moment later shows 29).
    expect(procLines(r)).toEqual([
      "ipv4     2 udp      17 30 src=10.0.0.1 dst=198.51.100.53 sport=53831 dport=53 packets=1 bytes=30 [UNREPLIED] " +
        "src=198.51.100.53 dst=10.0.0.1 sport=53 dport=53831 packets=0 bytes=0 mark=0 zone=0 use=2",
    ]);
  });

  it("prints the TCP state, [ASSURED] and icmp's type, code and id", () => {
    const r = run(
      FILTER_ONLY,
      [
        { from: "local", proto: "icmp", type: 8, src: "10.0.0.1", dst: "198.51.100.1", icmp_id: 7 },
        { from: "eth0", proto: "icmp", type: 0, src: "198.51.100.1", dst: "10.0.0.1", icmp_id: 7 },
      ],
      host({}),
    );
    expect(procLines(r)).toEqual([
      "ipv4     2 icmp     1 30 src=10.0.0.1 dst=198.51.100.1 type=8 code=0 id=7 " +
        "src=198.51.100.1 dst=10.0.0.1 type=0 code=0 id=7 mark=0 zone=0 use=2",
    ]);
  });
});

describe("nf_conntrack_max 0", () => {
  it("is no limit at all, as in the kernel", () => {
    const flows = [1, 2, 3].map((n) => ({
      from: "local",
      proto: "udp",
      src: "10.0.0.1",
      sport: n,
      dst: "198.51.100.9",
      dport: 53,
    }));
    const r = run(FILTER_ONLY, flows, host({ "net.netfilter.nf_conntrack_max": 0 }));
    expect(r.conntrack).toHaveLength(3);
  });
});

describe("conntrackLater: the listing after the clock moves on with no packet", () => {
  // The second run's extra packet is dropped in filter INPUT before confirm: it leaves no entry, it only moves
  // the clock. So the kernel's own listing then is what `conntrackLater` must predict.
  const DROP_9999 =
    "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -p udp --dport 9999 -j DROP\nCOMMIT\n";
  const tick = (advance: number) => answer(9999, { advance });

  for (const seconds of [0, 10, 29, 30, 31])
    it(`${seconds} s later, as the kernel lists it`, () => {
      const before = run(DROP_9999, [dns(40000), answer(40000)], host({}));
      const after = run(DROP_9999, [dns(40000), answer(40000), tick(seconds)], host({}));
      expect(conntrackLater(before.conntrackTable, seconds)).toEqual(after.conntrackTable);
    });

  it("counts the /proc line's timeout down and drops the entry when it runs out", () => {
    const before = run(DROP_9999, [dns(40000)], host({}));
    expect(before.conntrackTable[0]!.proc).toMatch(/^ipv4 {5}2 udp {6}17 30 src=/);
    expect(conntrackLater(before.conntrackTable, 12)[0]!.proc).toMatch(/^ipv4 {5}2 udp {6}17 18 src=/);
    expect(conntrackLater(before.conntrackTable, 30)).toEqual([]);
  });
});
