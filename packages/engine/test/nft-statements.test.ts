import { describe, expect, it } from "vitest";
import { ROUTER, runNft, syn, traces } from "./nft-harness";

const input = (rules: string) =>
  `table inet t {\n  chain input {\n    type filter hook input priority 0; policy accept;\n${rules}\n  }\n}\n`;

const LAN_OUT = {
  from: "eth1",
  proto: "tcp",
  src: "192.168.1.10",
  sport: 40000,
  dst: "198.51.100.20",
  dport: 443,
  flags: "S",
};

describe("nft verdicts", () => {
  it("queue drops the packet when no program listens", () => {
    const r = runNft(input("    tcp dport 22 queue"), [syn(22)]);
    expect(traces(r)).toEqual([["inet t:input:rule:1:QUEUE"]]);
    expect(r.packets[0]!.fate).toBe("dropped");
  });

  it("return in a base chain is its policy (N5)", () => {
    const r = runNft(
      "table inet t {\n  chain input {\n    type filter hook input priority 0; policy drop;\n    return\n    accept\n  }\n}\n",
      [syn(22)],
    );
    expect(traces(r)).toEqual([["inet t:input:rule:1:RETURN", "inet t:input:policy:DROP"]]);
  });
});

describe("nft statements", () => {
  it("counts matched rules and policies", () => {
    const r = runNft(input("    tcp dport 22 counter\n    tcp dport 80 counter"), [syn(22), syn(22), syn(443)]);
    const at = { family: "inet", table: "t", chain: "input" };
    expect(r.nftCounters).toEqual([
      { at, rule: 1, handle: null, packets: 2, bytes: 80 },
      { at, rule: "policy", handle: null, packets: 3, bytes: 120 },
    ]);
  });

  it("logs, limits with a burst, and stops at a quota", () => {
    const r = runNft(
      input(
        '    tcp dport 22 limit rate 1/minute burst 2 packets log prefix "ssh " accept\n    tcp dport 22 drop\n    tcp dport 80 quota 100 bytes accept\n    tcp dport 80 drop',
      ),
      [syn(22), syn(22), syn(22), syn(80), syn(80), syn(80)],
    );
    expect(r.packets.map((p) => p.fate)).toEqual(["local", "local", "dropped", "local", "local", "dropped"]);
    expect(r.packets[0]!.steps.some((s) => s.kind === "log" && s.line.startsWith("ssh IN=eth0"))).toBe(true);
  });

  it("notrack at priority raw leaves the packet untracked: no nat, no entry (N4)", () => {
    const nft = `table ip t {
  chain raw {
    type filter hook prerouting priority raw; policy accept;
    tcp dport 22 notrack
  }
  chain input {
    type filter hook input priority 0; policy accept;
    ct state untracked counter
  }
  chain pre {
    type nat hook prerouting priority dstnat; policy accept;
    tcp dport 22 dnat to 10.0.0.9
  }
}
`;
    const r = runNft(nft, [syn(22)]);
    expect(traces(r)[0]).toEqual([
      "t:raw:rule:1:CONTINUE",
      "t:raw:policy:ACCEPT",
      "t:input:rule:1:CONTINUE",
      "t:input:policy:ACCEPT",
    ]);
    expect(r.conntrack).toEqual([]);
  });

  it("rejects TCP with port-unreachable by default and with a RST when asked (N7)", () => {
    const r = runNft(input("    tcp dport 23 reject\n    tcp dport 24 reject with tcp reset"), [syn(23), syn(24)]);
    expect(traces(r)).toEqual([["inet t:input:rule:1:DROP"], ["inet t:input:rule:2:DROP"]]);
    expect(r.responses.map((x) => [x.header, x.flags ?? ""])).toEqual([
      ["icmp 10.0.0.1 > 10.0.0.2 type 3 code 3", ""],
      ["tcp 10.0.0.1:24 > 10.0.0.2:40000", "RA"],
    ]);
  });
});

describe("nft NAT", () => {
  it("runs a later nat chain only when the earlier one set no mapping (N3)", () => {
    const nft = `table ip a {
  chain pre {
    type nat hook prerouting priority dstnat; policy accept;
    tcp dport 8080 dnat to 192.168.1.10:80
  }
}
table ip b {
  chain pre {
    type nat hook prerouting priority dstnat + 10; policy accept;
    tcp dport { 8080, 8081 } dnat to 192.168.1.20:80
  }
}
`;
    const r = runNft(nft, [syn(8080, { dst: "10.0.0.1" }), syn(8081, { dst: "10.0.0.1", sport: 40001 })]);
    expect(traces(r)).toEqual([["a:pre:rule:1:ACCEPT"], ["a:pre:policy:ACCEPT", "b:pre:rule:1:ACCEPT"]]);
    expect(r.packets.map((p) => p.egress?.header)).toEqual([
      "tcp 10.0.0.2:40000 > 192.168.1.10:80",
      "tcp 10.0.0.2:40001 > 192.168.1.20:80",
    ]);
  });

  it("masquerades with a port range and redirects to a local port", () => {
    const nft = `table ip nat {
  chain post {
    type nat hook postrouting priority srcnat; policy accept;
    oifname "eth0" masquerade to :5000-5000
  }
  chain pre {
    type nat hook prerouting priority dstnat; policy accept;
    tcp dport 80 redirect to :22
  }
}
`;
    const r = runNft(nft, [LAN_OUT, syn(80)]);
    expect(r.packets[0]!.egress?.header).toBe("tcp 10.0.0.1:5000 > 198.51.100.20:443");
    // The listener on 22 answers; the reply is translated back to port 80.
    expect(r.packets[1]!.fate).toBe("local");
    expect(r.responses.map((x) => [x.egress?.header, x.flags])).toEqual([["tcp 10.0.0.1:80 > 10.0.0.2:40000", "SA"]]);
  });

  it("dnats through a map and snats to a range", () => {
    const nft = `table ip nat {
  chain pre {
    type nat hook prerouting priority dstnat; policy accept;
    dnat to tcp dport map { 8080 : 192.168.1.10, 8081 : 192.168.1.11 }
  }
  chain post {
    type nat hook postrouting priority srcnat; policy accept;
    ip saddr 192.168.1.0/24 snat to 10.0.0.1:3000-3000
  }
}
`;
    const r = runNft(nft, [syn(8081), syn(9999, { sport: 40001 }), LAN_OUT]);
    expect(r.packets[0]!.egress?.header).toBe("tcp 10.0.0.2:40000 > 192.168.1.11:8081");
    // A map miss does not match: no line, no NAT (N6).
    expect(traces(r)[1]).toEqual(["nat:pre:policy:ACCEPT"]);
    expect(r.packets[2]!.egress?.header).toBe("tcp 10.0.0.1:3000 > 198.51.100.20:443");
  });
});

describe("nft route chains", () => {
  const host = {
    ...ROUTER,
    interfaces: [...ROUTER.interfaces, { name: "eth2", addr: "10.0.2.1/24" }],
    routes: [...ROUTER.routes, { dst: "0.0.0.0/0", via: "10.0.2.254", dev: "eth2", mark: "0x1" }],
  };
  const local = { from: "local", proto: "udp", src: "10.0.0.1", sport: 5000, dst: "198.51.100.53", dport: 53 };

  it("reroutes after a type route chain sets the mark, not after a type filter chain (N8)", () => {
    const chain = (type: string) =>
      `table ip m {\n  chain out {\n    type ${type} hook output priority mangle; policy accept;\n    meta mark set 0x1\n  }\n}\n`;
    expect(runNft(chain("route"), [local], { host }).packets[0]!.egress?.dev).toBe("eth2");
    expect(runNft(chain("filter"), [local], { host }).packets[0]!.egress?.dev).toBe("eth0");
  });
});

describe("numgen and jhash", () => {
  const lb = (expr: string) => `table ip lb {
  chain pre {
    type nat hook prerouting priority dstnat; policy accept;
    tcp dport 80 ${expr} vmap { 0 : jump a, 1 : jump b }
  }
  chain a {
    counter
  }
  chain b {
    counter
  }
}
`;
  const conns = [0, 1, 2, 3].map((i) => syn(80, { sport: 41000 + i }));
  const chosen = (r: ReturnType<typeof runNft>) => r.packets.map((p) => p.trace[1]?.split(":")[1]);

  it("numgen inc counts the rule's evaluations, one per connection (N9)", () => {
    expect(chosen(runNft(lb("numgen inc mod 2"), conns))).toEqual(["a", "b", "a", "b"]);
  });

  it("numgen random is seeded, and a pin chooses the element", () => {
    const a = chosen(runNft(lb("numgen random mod 2"), conns, { seed: 7 }));
    expect(chosen(runNft(lb("numgen random mod 2"), conns, { seed: 7 }))).toEqual(a);
    const pinned = runNft(lb("numgen random mod 2"), conns, { numgenPins: new Map([["ip lb:pre:1", 1]]) });
    expect(chosen(pinned)).toEqual(["b", "b", "b", "b"]);
  });

  it("jhash gives one source the same element every time", () => {
    const r = runNft(lb("jhash ip saddr mod 2 seed 0x1"), conns);
    expect(new Set(chosen(r)).size).toBe(1);
  });
});
