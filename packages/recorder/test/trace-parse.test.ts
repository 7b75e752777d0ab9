import { parseTraceLine } from "@nfx/kernel-trace";
import { describe, expect, it } from "vitest";
import { traceFixture } from "./fixtures";

describe("parseTraceLine", () => {
  it("reads a packet line: interfaces, header, ttl, ip id, TCP flags", () => {
    const l = parseTraceLine(
      'trace id 6c9b2754 ip raw PREROUTING packet: iif "eth0" ether saddr 22:25:ea:4d:79:87 ether daddr 12:23:ee:7d:a2:5d ip saddr 10.0.0.2 ip daddr 10.0.0.1 ip dscp cs0 ip ecn not-ect ip ttl 64 ip id 1 ip length 40 tcp sport 40001 tcp dport 22 tcp flags == syn tcp window 8192 ',
    );
    expect(l).toMatchObject({ id: "6c9b2754", family: "ip", table: "raw", chain: "PREROUTING", kind: "packet" });
    expect(l?.packet).toMatchObject({
      iif: "eth0",
      proto: "tcp",
      src: "10.0.0.2",
      dst: "10.0.0.1",
      sport: 40001,
      dport: 22,
      ttl: 64,
      ipId: 1,
      tos: 0,
      flags: "S",
    });
  });

  it("reads numeric TCP flags and the TOS of a generated packet", () => {
    const l = parseTraceLine(
      'trace id aff51b00 ip nfxtrace out packet: oif "eth0" ip saddr 10.0.0.1 ip daddr 10.0.0.2 ip dscp cs6 ip ecn not-ect ip ttl 64 ip id 0 ip length 40 tcp sport 80 tcp dport 40002 tcp flags == 0x14 tcp window 0 ',
    );
    expect(l?.packet).toMatchObject({ oif: "eth0", flags: "RA", tos: 192, ipId: 0 });
  });

  it("maps nft's ICMP names back to numbers (code 0 of an echo request prints as net-unreachable)", () => {
    const echo = parseTraceLine(
      'trace id 77a9ff8a ip filter INPUT packet: iif "eth0" ip saddr 10.0.0.2 ip daddr 10.0.0.1 ip dscp cs0 ip ecn not-ect ip ttl 64 ip id 1 ip length 28 icmp type echo-request icmp code net-unreachable icmp id 1 icmp sequence 0 ',
    );
    expect(echo?.packet).toMatchObject({ proto: "icmp", type: 8, code: 0 });
    const unreach = traceFixture("filter-reject-tcp-reset.trace.txt").find(
      (l) => l.kind === "packet" && l.packet?.proto === "icmp",
    );
    expect(unreach?.packet).toMatchObject({ type: 3, code: 3, src: "10.0.0.1", dst: "10.0.0.2" });
  });

  it("reads rule handles and verdicts, including jumps", () => {
    expect(
      parseTraceLine(
        "trace id 55ad21ff ip filter INPUT rule tcp dport 23 counter packets 0 bytes 0 reject with tcp reset # handle 4 (verdict drop)",
      ),
    ).toMatchObject({ kind: "rule", handle: 4, verdict: "drop" });
    const jump = traceFixture("docker-published-port.trace.txt").find((l) => l.verdict?.startsWith("jump"));
    expect(jump).toMatchObject({ table: "nat", chain: "PREROUTING", kind: "rule", verdict: "jump DOCKER" });
  });

  it("reads policy lines and ip6 probe lines; ignores anything else", () => {
    expect(parseTraceLine("trace id 55ad21ff ip raw PREROUTING policy accept ")).toMatchObject({
      kind: "policy",
      verdict: "accept",
    });
    const probe = traceFixture("local-to-self-lo.trace.txt").find((l) => l.family === "ip6" && l.kind === "packet");
    expect(probe?.packet).toMatchObject({ proto: "udp", dport: 9, oif: "lo" });
    expect(parseTraceLine("")).toBeNull();
    expect(parseTraceLine("# Warning: table ip filter is managed by iptables-nft, do not touch!")).toBeNull();
  });
});
