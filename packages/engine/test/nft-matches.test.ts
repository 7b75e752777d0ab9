import { describe, expect, it } from "vitest";
import { runNft, syn, traces } from "./nft-harness";

/** An input chain whose rules are `rules`, policy accept. */
const input = (rules: string, extra = "") =>
  `table inet t {\n${extra}  chain input {\n    type filter hook input priority 0; policy accept;\n${rules}\n  }\n}\n`;

describe("nft payload and meta matches", () => {
  it("reads ip addresses with prefixes and negation", () => {
    const r = runNft(input("    ip saddr 10.0.0.0/28 counter\n    ip saddr != 10.0.0.0/28 counter"), [
      syn(80, { src: "10.0.0.15" }),
      syn(80, { src: "10.0.0.16" }),
    ]);
    expect(traces(r)).toEqual([
      ["inet t:input:rule:1:CONTINUE", "inet t:input:policy:ACCEPT"],
      ["inet t:input:rule:2:CONTINUE", "inet t:input:policy:ACCEPT"],
    ]);
  });

  it("does not match a tcp field of a udp packet, not even with !=", () => {
    const r = runNft(input("    tcp dport != 22 drop\n    th dport 53 accept"), [
      { from: "eth0", proto: "udp", src: "10.0.0.2", sport: 5000, dst: "10.0.0.1", dport: 53 },
    ]);
    // th dport reads tcp and udp alike (N13).
    expect(traces(r)).toEqual([["inet t:input:rule:2:ACCEPT"]]);
  });

  it("tests tcp flags with a mask, icmp types, ttl and the protocol", () => {
    const r = runNft(
      input(
        "    tcp flags & (syn | ack) == syn counter\n    icmp type echo-request counter\n    ip ttl 64 ip protocol tcp counter\n    meta l4proto icmp counter",
      ),
      [syn(80), syn(80, { flags: "SA" }), { from: "eth0", proto: "icmp", src: "10.0.0.2", dst: "10.0.0.1", type: 8 }],
    );
    expect(traces(r)[0]).toEqual([
      "inet t:input:rule:1:CONTINUE",
      "inet t:input:rule:3:CONTINUE",
      "inet t:input:policy:ACCEPT",
    ]);
    expect(traces(r)[1]).toEqual(["inet t:input:rule:3:CONTINUE", "inet t:input:policy:ACCEPT"]);
    expect(traces(r)[2]).toEqual([
      "inet t:input:rule:2:CONTINUE",
      "inet t:input:rule:4:CONTINUE",
      "inet t:input:policy:ACCEPT",
    ]);
  });

  it("matches interface names with a wildcard and the mark", () => {
    const r = runNft(input('    iifname "eth*" meta mark 0 counter\n    iifname "lan*" drop'), [syn(80)]);
    expect(traces(r)).toEqual([["inet t:input:rule:1:CONTINUE", "inet t:input:policy:ACCEPT"]]);
  });

  it("reads the output device in forward", () => {
    const nft =
      'table ip f {\n  chain fwd {\n    type filter hook forward priority 0; policy drop;\n    iifname "eth1" oifname "eth0" accept\n  }\n}\n';
    const r = runNft(nft, [
      { from: "eth1", proto: "tcp", src: "192.168.1.10", sport: 40000, dst: "198.51.100.20", dport: 443, flags: "S" },
      { from: "eth0", proto: "tcp", src: "198.51.100.20", sport: 40000, dst: "192.168.1.10", dport: 22, flags: "S" },
    ]);
    // A table of family ip prints as iptables' own tables do.
    expect(traces(r)).toEqual([["f:fwd:rule:1:ACCEPT"], ["f:fwd:policy:DROP"]]);
    expect(r.packets.map((p) => p.fate)).toEqual(["forwarded", "dropped"]);
  });
});

describe("nft sets", () => {
  it("holds both ends of an interval (N13) and looks up named sets", () => {
    const sets =
      "  set lan {\n    type ipv4_addr\n    flags interval\n    elements = { 10.0.0.0/28, 10.0.0.100-10.0.0.120 }\n  }\n";
    const r = runNft(input("    ip saddr @lan drop", sets), [
      syn(80, { src: "10.0.0.15" }),
      syn(80, { src: "10.0.0.16" }),
      syn(80, { src: "10.0.0.120" }),
      syn(80, { src: "10.0.0.121" }),
    ]);
    expect(r.packets.map((p) => p.fate)).toEqual(["dropped", "local", "dropped", "local"]);
  });

  it("matches a concatenation only on the exact tuple", () => {
    const r = runNft(input("    ip saddr . tcp dport { 10.0.0.2 . 22, 10.0.0.3 . 80 } drop"), [
      syn(22),
      syn(80),
      syn(80, { src: "10.0.0.3" }),
    ]);
    expect(r.packets.map((p) => p.fate)).toEqual(["dropped", "local", "dropped"]);
  });

  it("gives a data map's value, and a map miss does not match (N6)", () => {
    const r = runNft(
      input("    meta mark set tcp dport map { 22 : 0x1, 80 : 0x2 }\n    meta mark 0x2 drop\n    counter"),
      [syn(80), syn(443)],
    );
    expect(traces(r)).toEqual([
      ["inet t:input:rule:1:CONTINUE", "inet t:input:rule:2:DROP"],
      ["inet t:input:rule:3:CONTINUE", "inet t:input:policy:ACCEPT"],
    ]);
  });
});

describe("nft conntrack and fib expressions", () => {
  it("sees every packet as invalid before conntrack (N4) and new after it", () => {
    const nft = `table inet t {
  chain early {
    type filter hook prerouting priority raw; policy accept;
    ct state invalid counter
  }
  chain late {
    type filter hook prerouting priority mangle; policy accept;
    ct state new counter
  }
}
`;
    expect(traces(runNft(nft, [syn(22)]))[0]).toEqual([
      "inet t:early:rule:1:CONTINUE",
      "inet t:early:policy:ACCEPT",
      "inet t:late:rule:1:CONTINUE",
      "inet t:late:policy:ACCEPT",
    ]);
  });

  it("keeps a ct mark for the connection's later packets and reads the direction and original tuple", () => {
    const nft = input(
      "    ct state new ct mark set 0x7\n    ct mark 0x7 ct direction original ct original ip saddr 10.0.0.2 counter",
    );
    const r = runNft(nft, [syn(22, { seq: 1000 }), syn(22, { flags: "A", seq: 1001, ack: "auto" })]);
    expect(traces(r)[0]).toEqual([
      "inet t:input:rule:1:CONTINUE",
      "inet t:input:rule:2:CONTINUE",
      "inet t:input:policy:ACCEPT",
    ]);
    expect(traces(r)[1]).toEqual(["inet t:input:rule:2:CONTINUE", "inet t:input:policy:ACCEPT"]);
  });

  it("fib: a strict reverse-path test and local addresses per interface (N10)", () => {
    const nft = `table inet t {
  chain pre {
    type filter hook prerouting priority 0; policy accept;
    fib saddr . iif oif missing drop
    fib daddr . iif type local counter
    fib daddr type local counter
  }
}
`;
    const r = runNft(nft, [
      // A LAN source arriving on the WAN side: no route back through eth0.
      syn(22, { src: "192.168.1.10" }),
      syn(22),
      // The LAN address arriving on eth0: local, but not eth0's own.
      syn(22, { dst: "192.168.1.1" }),
    ]);
    expect(traces(r)).toEqual([
      ["inet t:pre:rule:1:DROP"],
      ["inet t:pre:rule:2:CONTINUE", "inet t:pre:rule:3:CONTINUE", "inet t:pre:policy:ACCEPT"],
      ["inet t:pre:rule:3:CONTINUE", "inet t:pre:policy:ACCEPT"],
    ]);
  });
});

describe("what the engine does not simulate", () => {
  it("lets meta nftrace set pass: it only turns tracing on", () => {
    const r = runNft(input("    meta nftrace set 1\n    tcp dport 22 drop"), [syn(22)]);
    expect(traces(r)).toEqual([["inet t:input:rule:1:CONTINUE", "inet t:input:rule:2:DROP"]]);
    expect(r.packets[0]!.warnings).toEqual([]);
  });

  it("warns about an unsupported statement and never treats it as matching", () => {
    const r = runNft(input("    ip6 saddr ::1 drop\n    ether saddr 02:00:00:00:00:01 drop"), [syn(22)]);
    expect(r.packets[0]!.fate).toBe("local");
    expect(r.packets[0]!.warnings.join("\n")).toMatch(/ether saddr.*not simulated/);
  });
});
