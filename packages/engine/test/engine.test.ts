import { runScenario } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import { ALL_CHAINS, ROUTER, run } from "./harness";

const SYN = { from: "eth0", proto: "tcp", src: "198.51.100.20", sport: 40000, dst: "10.0.0.1", dport: 22, flags: "S" };

describe("a scenario replays alike", () => {
  it("gives the same result for the same scenario and seed", () => {
    const rules = `*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -m statistic --mode random --probability 0.5 -j DNAT --to-destination 192.168.1.10\n-A POSTROUTING -o eth0 -j MASQUERADE\nCOMMIT\n`;
    const packets = Array.from({ length: 20 }, (_, i) => ({ ...SYN, sport: 40000 + i, dport: 80 }));
    const a = run(rules, packets, undefined, 7);
    const b = run(rules, packets, undefined, 7);
    expect(b).toEqual(a);
    const dnated = a.packets.filter((p) => p.fate === "forwarded").length;
    expect(dnated).toBeGreaterThan(2);
    expect(dnated).toBeLessThan(18);
  });
});

describe("chains that are not declared do not exist", () => {
  it("traverses only the filter chains of a filter-only ruleset, without conntrack in a fresh namespace", () => {
    const result = run("*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n", [SYN], {
      ...ROUTER_AUTO,
    });
    expect(result.packets[0]!.trace).toEqual(["filter:INPUT:rule:1:ACCEPT"]);
    expect(result.conntrack).toEqual([]);
  });
});

const ROUTER_AUTO = {
  interfaces: [{ name: "eth0", addr: "10.0.0.1/24" }],
  listen: [{ proto: "tcp", port: 22 }],
  conntrack: "auto",
};

describe("counters", () => {
  it("counts packets and bytes per matching rule and per policy, like iptables -L -v", () => {
    const result = run(
      "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\n-A INPUT -p udp -j LOG\nCOMMIT\n",
      [SYN, SYN, { from: "eth0", proto: "udp", src: "198.51.100.20", sport: 5, dst: "10.0.0.1", dport: 53 }],
      ROUTER_AUTO,
    );
    const c = (rule: number | "policy") => result.counters.find((x) => x.chain === "INPUT" && x.rule === rule);
    expect(c(1)).toMatchObject({ packets: 2, bytes: 80 });
    expect(c(2)).toMatchObject({ packets: 1, bytes: 28 });
    expect(c("policy")).toMatchObject({ packets: 1, bytes: 28 });
  });
});

describe("what the engine does not model is said, not hidden", () => {
  it("warns when a packet reaches a rule with an unsupported match, and does not match it", () => {
    const result = run(
      "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m set --match-set blocklist src -j DROP\nCOMMIT\n",
      [SYN],
      ROUTER_AUTO,
    );
    expect(result.packets[0]!.fate).toBe("local");
    expect(result.packets[0]!.warnings.join(" ")).toMatch(/-m set is not modelled/);
  });
});

describe("steps explain the path", () => {
  it("records the rules that missed before the one that matched", () => {
    const result = run(
      `${ALL_CHAINS}*filter\n:INPUT DROP [0:0]\n-A INPUT -s 10.0.0.0/8 -j ACCEPT\n-A INPUT -p udp -j ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n`,
      [SYN],
    );
    const hit = result.packets[0]!.steps.find((s) => s.kind === "rule" && s.table === "filter");
    expect(hit).toMatchObject({ rule: 3, missedFrom: 1, verdict: "ACCEPT" });
  });

  it("shows where NAT rewrote the packet", () => {
    const result = run(
      "*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp --dport 8080 -j DNAT --to-destination 192.168.1.10:80\nCOMMIT\n",
      [{ ...SYN, dport: 8080 }],
    );
    const nat = result.packets[0]!.steps.find((s) => s.kind === "nat");
    expect(nat).toEqual({
      kind: "nat",
      hook: "PREROUTING",
      manip: "DNAT",
      from: "tcp 198.51.100.20:40000 > 10.0.0.1:8080",
      to: "tcp 198.51.100.20:40000 > 192.168.1.10:80",
    });
    expect(result.packets[0]!.egress).toMatchObject({
      dev: "eth1",
      header: "tcp 198.51.100.20:40000 > 192.168.1.10:80",
    });
  });
});

describe("statistic pins", () => {
  it("let a person choose which endpoint a random statistic match picks", () => {
    const rules = `*nat\n:PREROUTING ACCEPT [0:0]\n:SVC - [0:0]\n-A PREROUTING -p tcp --dport 80 -j SVC\n-A SVC -m statistic --mode random --probability 0.50000000000 -j DNAT --to-destination 192.168.1.10\n-A SVC -j DNAT --to-destination 192.168.1.11\nCOMMIT\n`;
    const packets = Array.from({ length: 8 }, (_, i) => ({ ...SYN, sport: 41000 + i, dport: 80 }));
    for (const [pin, endpoint] of [
      [true, "192.168.1.10"],
      [false, "192.168.1.11"],
    ] as const) {
      const r = runScenario(
        { host: ROUTER, ruleset: rules, packets },
        { statisticPins: new Map([["nat:SVC:1", pin]]) },
      );
      if (r.kind !== "ran") throw new Error(JSON.stringify(r.errors));
      const result = r.result;
      expect(result.packets.every((p) => p.egress?.header.includes(`> ${endpoint}:80`))).toBe(true);
    }
  });
});

describe("REJECT says what it sent", () => {
  const UDP = { from: "eth0", proto: "udp", src: "198.51.100.20", sport: 5000, dst: "10.0.0.1", dport: 53 };
  const rules = (w: string) =>
    `*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -j REJECT --reject-with tcp-reset\n-A INPUT -p udp -j REJECT --reject-with ${w}\nCOMMIT\n`;

  it("names the RST it answered a TCP packet with, and the response that carries it", () => {
    const result = run(rules("icmp-port-unreachable"), [SYN], ROUTER_AUTO);
    const p = result.packets[0]!;
    expect(p.fate).toBe("dropped");
    expect(p.rejectedWith).toEqual({ with: "tcp-reset", answer: { kind: "tcp-reset" }, response: 0 });
    expect(result.responses[0]!.flags).toMatch(/R/);
  });

  it("names the ICMP type and code the rule chose", () => {
    const result = run(rules("icmp-host-prohibited"), [UDP], ROUTER_AUTO);
    expect(result.packets[0]!.rejectedWith).toEqual({
      with: "icmp-host-prohibited",
      answer: { kind: "icmp", type: 3, code: 10 },
      response: 0,
    });
  });

  it("says no answer left when there was none to send, and leaves other drops without it", () => {
    const udpReset = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -j REJECT --reject-with tcp-reset\nCOMMIT\n";
    const result = run(udpReset, [UDP], ROUTER_AUTO);
    expect(result.packets[0]!.rejectedWith).toEqual({
      with: "tcp-reset",
      answer: { kind: "tcp-reset" },
      response: null,
    });
    expect(result.responses).toEqual([]);
    const plain = run("*filter\n:INPUT DROP [0:0]\nCOMMIT\n", [SYN], ROUTER_AUTO);
    expect(plain.packets[0]!.rejectedWith).toBeUndefined();
  });
});
