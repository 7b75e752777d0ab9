import type { TraceLine } from "@nfx/kernel-trace";
import {
  formatHeader,
  type HandleMap,
  type HeaderFields,
  parseRulesetJson,
  parseTableListing,
} from "@nfx/kernel-trace";
import { describe, expect, it } from "vitest";
import { recordGroup, traceEvents, traceHeaders } from "../src/answer";
import { buildSegments, groupWindow, TRACE_TABLE } from "../src/segments";
import { fixture, traceFixture } from "./fixtures";

interface Injected {
  from: string;
  header: HeaderFields;
}

/** Cut a whole recording's trace into one window per injected packet (from its first line to the next's). */
function windows(lines: TraceLine[], packets: Injected[]): TraceLine[][] {
  const starts: number[] = [];
  for (const p of packets) {
    const from = starts.length ? starts[starts.length - 1]! + 1 : 0;
    const i = lines.findIndex(
      (l, idx) =>
        idx >= from &&
        l.table === TRACE_TABLE &&
        l.kind === "packet" &&
        (p.from === "local" ? l.chain === "out" : l.chain === "pre" && l.packet?.iif === p.from) &&
        formatHeader(l.packet!) === formatHeader(p.header),
    );
    expect(i, `start of ${formatHeader(p.header)}`).toBeGreaterThanOrEqual(0);
    starts.push(i);
  }
  return starts.map((s, k) => lines.slice(s, starts[k + 1] ?? lines.length));
}

function group(window: TraceLine[], p: Injected) {
  return groupWindow(buildSegments(window), p.from, p.header);
}

describe("grouping a REJECT's answer (traced before the rule's DROP line)", () => {
  const handles: HandleMap = parseTableListing("filter", fixture("filter-reject-tcp-reset.filter.nft.txt"));
  const packets: Injected[] = [
    { from: "eth0", header: { proto: "tcp", src: "10.0.0.2", sport: 40000, dst: "10.0.0.1", dport: 23 } },
    { from: "eth0", header: { proto: "tcp", src: "10.0.0.2", sport: 40001, dst: "10.0.0.1", dport: 24 } },
  ];
  const [w1, w2] = windows(traceFixture("filter-reject-tcp-reset.trace.txt"), packets);

  it("keeps the rejected packet's trace whole and makes the RST a response", () => {
    const g = group(w1!, packets[0]!);
    expect(traceEvents(g.packet!.segments, handles)).toEqual([
      "raw:PREROUTING:policy:ACCEPT",
      "mangle:PREROUTING:policy:ACCEPT",
      "nat:PREROUTING:policy:ACCEPT",
      "mangle:INPUT:policy:ACCEPT",
      "filter:INPUT:rule:1:DROP",
    ]);
    expect(g.responses).toHaveLength(1);
    expect(traceEvents(g.responses[0]!.segments, handles)).toEqual([
      "raw:OUTPUT:policy:ACCEPT",
      "mangle:OUTPUT:policy:ACCEPT",
      "filter:OUTPUT:policy:ACCEPT",
      "mangle:POSTROUTING:policy:ACCEPT",
      "nat:POSTROUTING:policy:ACCEPT",
    ]);
    expect(g.responses[0]!.segments[0]!.first?.flags).toBe("RA");
    expect(recordGroup(g.packet!, handles, undefined, true).fate).toBe("dropped");
  });

  it("reads the ICMP port-unreachable of a plain REJECT", () => {
    const g = group(w2!, packets[1]!);
    expect(traceEvents(g.packet!.segments, handles).at(-1)).toBe("filter:INPUT:rule:2:DROP");
    expect(traceHeaders(g.responses[0]!.segments)).toEqual(["icmp 10.0.0.1 > 10.0.0.2 type 3 code 3"]);
    expect(g.responses[0]!.segments[0]!.post).toMatchObject({ oif: "eth0", tos: 192 });
  });
});

describe("grouping loopback re-entry (new trace id, same packet)", () => {
  const handles = parseTableListing("filter", fixture("local-to-self-lo.filter.nft.txt"));
  const udp = (src: string, sport: number, dst: string, dport: number): HeaderFields => ({
    proto: "udp",
    src,
    sport,
    dst,
    dport,
  });
  const packets: Injected[] = [
    { from: "local", header: udp("10.0.0.1", 40000, "10.0.0.1", 5000) },
    { from: "local", header: udp("127.0.0.1", 40001, "127.0.0.1", 5000) },
    { from: "local", header: udp("10.0.0.1", 40002, "10.0.0.1", 5001) },
    { from: "eth0", header: udp("10.0.0.2", 40003, "10.0.0.1", 5000) },
  ];
  const ws = windows(traceFixture("local-to-self-lo.trace.txt"), packets);

  it("appends the re-entry to the local packet and calls it local", () => {
    const g = group(ws[0]!, packets[0]!);
    expect(g.packet!.segments).toHaveLength(2);
    expect(g.packet!.segments[0]!.id).not.toBe(g.packet!.segments[1]!.id);
    expect(traceEvents(g.packet!.segments, handles)).toEqual([
      "raw:OUTPUT:policy:ACCEPT",
      "mangle:OUTPUT:policy:ACCEPT",
      "nat:OUTPUT:policy:ACCEPT",
      "filter:OUTPUT:policy:ACCEPT",
      "mangle:POSTROUTING:policy:ACCEPT",
      "nat:POSTROUTING:policy:ACCEPT",
      "raw:PREROUTING:policy:ACCEPT",
      "mangle:PREROUTING:policy:ACCEPT",
      "mangle:INPUT:policy:ACCEPT",
      "filter:INPUT:rule:1:ACCEPT",
    ]);
    expect(g.responses).toEqual([]);
    expect(recordGroup(g.packet!, handles, undefined, false).fate).toBe("local");
  });

  it("gives the port-unreachable its own re-entry", () => {
    const g = group(ws[2]!, packets[2]!);
    expect(g.packet!.segments).toHaveLength(2);
    expect(g.responses).toHaveLength(1);
    const r = recordGroup(g.responses[0]!, handles, undefined, false);
    expect(r.fate).toBe("local");
    expect(r.headers).toEqual(["icmp 10.0.0.1 > 10.0.0.1 type 3 code 3"]);
    expect(r.trace.at(-1)).toBe("filter:INPUT:rule:2:ACCEPT");
  });
});

describe("NAT headers and user chains", () => {
  const handles = parseTableListing("filter", fixture("docker-filter.nft.txt"));
  parseTableListing("nat", fixture("docker-nat.nft.txt"), handles);
  const p: Injected = {
    from: "eth0",
    header: { proto: "tcp", src: "198.51.100.20", sport: 40000, dst: "10.0.0.1", dport: 8080 },
  };
  const [w1] = windows(traceFixture("docker-published-port.trace.txt"), [p]);

  it("lists jumps, returns and both headers of a DNATed packet", () => {
    const g = group(w1!, p);
    expect(traceEvents(g.packet!.segments, handles)).toEqual([
      "raw:PREROUTING:policy:ACCEPT",
      "mangle:PREROUTING:policy:ACCEPT",
      "nat:PREROUTING:rule:1:JUMP:DOCKER",
      "nat:DOCKER:rule:2:ACCEPT",
      "mangle:FORWARD:policy:ACCEPT",
      "filter:FORWARD:rule:1:JUMP:DOCKER-USER",
      "filter:DOCKER-USER:rule:1:RETURN",
      "filter:FORWARD:rule:2:JUMP:DOCKER-ISOLATION-STAGE-1",
      "filter:DOCKER-ISOLATION-STAGE-1:rule:2:RETURN",
      "filter:FORWARD:rule:4:JUMP:DOCKER",
      "filter:DOCKER:rule:1:ACCEPT",
      "mangle:POSTROUTING:policy:ACCEPT",
      "nat:POSTROUTING:policy:ACCEPT",
    ]);
    expect(traceHeaders(g.packet!.segments)).toEqual([
      "tcp 198.51.100.20:40000 > 10.0.0.1:8080",
      "tcp 198.51.100.20:40000 > 172.17.0.2:80",
    ]);
    expect(g.packet!.segments[0]!.post).toMatchObject({ oif: "docker0", dst: "172.17.0.2", dport: 80, ttl: 63 });
  });
});

describe("a mixed host: iptables-nft tables and a native inet table on the same hooks", () => {
  const handles = parseRulesetJson(fixture("nft-mixed-docker-firewalld.ruleset.json"));
  const tcp = (src: string, sport: number, dst: string, dport: number): HeaderFields => ({
    proto: "tcp",
    src,
    sport,
    dst,
    dport,
  });
  const packets: Injected[] = [
    { from: "eth0", header: tcp("10.0.0.2", 40000, "10.0.0.1", 8080) },
    { from: "docker0", header: tcp("172.17.0.2", 45000, "198.51.100.20", 443) },
  ];
  const [w1, w2] = windows(traceFixture("nft-mixed-docker-firewalld.trace.txt"), packets);

  it("follows Docker's accept with firewalld's reject, named `inet firewalld` and numbered in its chain", () => {
    const g = group(w1!, packets[0]!);
    expect(traceEvents(g.packet!.segments, handles).slice(-2)).toEqual([
      "filter:DOCKER:rule:1:ACCEPT",
      "inet firewalld:filter_FORWARD:rule:4:DROP",
    ]);
    expect(g.responses).toHaveLength(1);
    expect(traceHeaders(g.responses[0]!.segments)).toEqual(["icmp 10.0.0.1 > 10.0.0.2 type 3 code 13"]);
  });

  it("keeps the iptables and native lines of one hook in the kernel's order", () => {
    const g = group(w2!, packets[1]!);
    expect(traceEvents(g.packet!.segments, handles).slice(-4)).toEqual([
      "filter:FORWARD:rule:4:ACCEPT",
      "inet firewalld:filter_FORWARD:rule:3:ACCEPT",
      "mangle:POSTROUTING:policy:ACCEPT",
      "nat:POSTROUTING:rule:1:ACCEPT",
    ]);
  });
});
