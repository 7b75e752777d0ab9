import type { PacketOutcome, SimulationResult } from "@nfx/engine";
import { encodeShareLink, type Scenario, validateScenario } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import { computeSimulation } from "../sim/compute";
import { LESSONS, type Lesson } from "./lessons";
import { LESSON_TEXT_EN } from "./text.en";
import { LESSON_TEXT_ZH } from "./text.zh";

/** Every gallery scenario is a test: the engine, in-process, must show what its lesson teaches. */

function simulate(scenario: Scenario): SimulationResult & { chains: { table: string; name: string }[] } {
  const answer = computeSimulation(0, scenario);
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  expect(answer.view.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(answer.view.nft?.diagnostics.filter((d) => d.severity === "error") ?? []).toEqual([]);
  return { ...answer.view.result, chains: answer.view.chains.map((c) => ({ table: c.table, name: c.name })) };
}

function lesson(name: string): Lesson {
  const l = LESSONS.find((x) => x.name === name);
  if (!l) throw new Error(`no lesson ${name}`);
  return l;
}

/** The lesson's scenario after its guided edit and sysctl steps (all of them, in order). */
function edited(l: Lesson): Scenario {
  let scenario = l.scenario;
  for (const a of l.actions) {
    if (a?.kind === "edit") scenario = { ...scenario, [a.text]: (scenario[a.text] ?? "").replace(a.find, a.replace) };
    if (a?.kind === "sysctl")
      scenario = { ...scenario, host: { ...scenario.host, sysctl: { ...scenario.host.sysctl, [a.name]: a.value } } };
  }
  return scenario;
}

const run = (name: string) => simulate(lesson(name).scenario);
const packet = (r: SimulationResult, n: number): PacketOutcome => r.packets[n - 1]!;
const answers = (r: SimulationResult, n: number) => r.responses.filter((x) => x.afterPacket === n);
const hooksOf = (p: PacketOutcome) => [...new Set(p.trace.map((l) => l.split(":")[1]))];

const BUILTIN: Record<string, string[]> = {
  raw: ["PREROUTING", "OUTPUT"],
  mangle: ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
  nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
  filter: ["INPUT", "FORWARD", "OUTPUT"],
};
const PRIVATE_OR_DOC = [
  /^10\./,
  /^172\.(1[6-9]|2\d|3[01])\./,
  /^192\.168\./,
  /^192\.0\.2\./,
  /^198\.51\.100\./,
  /^203\.0\.113\./,
  /^127\./,
  /^0\.0\.0\.0$/,
];

describe("gallery: the lessons are well formed", () => {
  it("has at least twelve lessons with unique names", () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(LESSONS.map((l) => l.name)).size).toBe(LESSONS.length);
  });
  for (const l of LESSONS) {
    it(`${l.name}: file, texts, steps, chains, addresses, link length`, () => {
      expect(l.scenario.name).toBe(l.name);
      expect(l.scenario.packets.length).toBeLessThanOrEqual(6);
      for (const texts of [LESSON_TEXT_EN, LESSON_TEXT_ZH]) {
        const t = texts[l.name]!;
        expect(t.title && t.summary && t.watch).toBeTruthy();
        expect(t.steps.length).toBe(l.actions.length);
        expect(t.steps.length).toBeGreaterThanOrEqual(2);
        expect(t.steps.length).toBeLessThanOrEqual(4);
      }
      const r = simulate(l.scenario);
      // A lesson with iptables declares all its tables, so the diagram shows every cell; an nftables-only lesson
      // (a host with no iptables at all) has none of them, and its nft text is the ruleset.
      if (l.scenario.ruleset.trim() === "") expect(l.scenario.nftables).toMatch(/type \w+ hook/);
      else
        for (const [table, chains] of Object.entries(BUILTIN))
          for (const chain of chains) expect(r.chains).toContainEqual({ table, name: chain });
      let scenario = l.scenario;
      for (const a of l.actions) {
        if (a?.kind === "play") expect(a.packet).toBeLessThanOrEqual(l.scenario.packets.length);
        if (a?.kind === "look") expect(r.chains).toContainEqual({ table: a.table, name: a.chain });
        if (a?.kind === "edit") {
          expect(scenario[a.text]).toContain(a.find);
          scenario = { ...scenario, [a.text]: (scenario[a.text] ?? "").replace(a.find, a.replace) };
          // Done once, the step is done: its button turns off rather than applying the change twice.
          expect(scenario[a.text]).not.toContain(a.find);
        }
        if (a?.kind === "sysctl") {
          expect(a.replay).toBeLessThanOrEqual(l.scenario.packets.length);
          expect(l.scenario.host.sysctl?.[a.name]).not.toBe(a.value);
        }
      }
      // The scenario after every step is still one the scenario checker accepts (a sysctl step's name and value).
      expect(validateScenario(edited(l)).ok).toBe(true);
      // Deterministic on the kernel: no random statistic match, no random SNAT ports.
      expect(l.scenario.ruleset).not.toMatch(/--mode random|--random/);
      expect(l.scenario.nftables ?? "").not.toMatch(/numgen random mod (?!1 )|jhash|fully-random|random,/);
      const addrs = JSON.stringify(l.scenario).match(/\b\d{1,3}(\.\d{1,3}){3}\b/g) ?? [];
      for (const a of addrs)
        expect(
          PRIVATE_OR_DOC.some((re) => re.test(a)),
          a,
        ).toBe(true);
      expect(encodeShareLink({ scenario: l.scenario, view: { packet: 0, step: 0 } }).length).toBeLessThan(2000);
    });
  }
});

describe("gallery: each lesson's outcome", () => {
  it("three-paths: to the host via INPUT, forwarded via FORWARD, local via OUTPUT", () => {
    const r = run("three-paths");
    expect(packet(r, 1).fate).toBe("local");
    expect(hooksOf(packet(r, 1))).toEqual(["PREROUTING", "INPUT"]);
    expect(hooksOf(answers(r, 1)[0]!)).toEqual(["OUTPUT", "POSTROUTING"]);
    expect(packet(r, 2).fate).toBe("forwarded");
    expect(hooksOf(packet(r, 2))).toEqual(["PREROUTING", "FORWARD", "POSTROUTING"]);
    expect(packet(r, 3).fate).toBe("sent");
    expect(hooksOf(packet(r, 3))).toEqual(["OUTPUT", "POSTROUTING"]);
    // Each hook's tables in priority order.
    expect(packet(r, 2).trace.slice(0, 3)).toEqual([
      "raw:PREROUTING:policy:ACCEPT",
      "mangle:PREROUTING:policy:ACCEPT",
      "nat:PREROUTING:policy:ACCEPT",
    ]);
  });

  it("table-priority: raw, mangle, nat, filter in order; filter sees the mark and the new port", () => {
    const r = run("table-priority");
    expect(packet(r, 1).trace.slice(0, 5)).toEqual([
      "raw:PREROUTING:rule:1:CONTINUE",
      "raw:PREROUTING:policy:ACCEPT",
      "mangle:PREROUTING:rule:1:CONTINUE",
      "mangle:PREROUTING:policy:ACCEPT",
      "nat:PREROUTING:rule:1:ACCEPT",
    ]);
    expect(packet(r, 1).trace).toContain("filter:INPUT:rule:1:ACCEPT");
    expect(packet(r, 1).fate).toBe("local");
    expect(packet(r, 2).trace).toContain("filter:INPUT:policy:DROP");
    const after = simulate(edited(lesson("table-priority")));
    expect(packet(after, 1).trace).toContain("filter:INPUT:policy:DROP");
  });

  it("conntrack-states: NEW, ESTABLISHED, RELATED, INVALID hit their own rules; the table reads as taught", () => {
    const r = run("conntrack-states");
    expect(packet(r, 1).trace).toContain("filter:FORWARD:rule:4:ACCEPT");
    expect(packet(r, 2).trace).toContain("filter:FORWARD:rule:2:ACCEPT");
    expect(packet(r, 3).trace).toContain("filter:FORWARD:rule:4:ACCEPT");
    expect(packet(r, 4).trace).toContain("filter:FORWARD:rule:3:ACCEPT");
    expect(packet(r, 5).trace).toContain("filter:FORWARD:rule:1:DROP");
    expect(packet(r, 6).trace).toContain("filter:FORWARD:rule:2:ACCEPT");
    expect(r.conntrack.find((l) => l.startsWith("tcp"))).toMatch(/ESTABLISHED .*\[ASSURED\]/);
    expect(r.conntrack.find((l) => l.startsWith("udp"))).toContain("[UNREPLIED]");
  });

  it("stateful-firewall: answers ESTABLISHED, ssh opened, MySQL dropped by the policy", () => {
    const r = run("stateful-firewall");
    expect(packet(r, 2).trace).toContain("filter:INPUT:rule:2:ACCEPT");
    expect(packet(r, 2).fate).toBe("local");
    expect(packet(r, 3).trace).toContain("filter:INPUT:rule:4:ACCEPT");
    expect(packet(r, 4).trace).toContain("filter:INPUT:policy:DROP");
    expect(packet(r, 5).trace).toContain("filter:INPUT:rule:5:ACCEPT");
  });

  it("ordering-mistake: the early DROP kills ESTABLISHED answers; moving it fixes them", () => {
    const r = run("ordering-mistake");
    for (const n of [2, 4]) {
      expect(packet(r, n).trace).toContain("filter:INPUT:rule:3:DROP");
      expect(packet(r, n).fate).toBe("dropped");
    }
    expect(packet(r, 5).trace).toContain("filter:INPUT:rule:2:ACCEPT");
    const fixed = simulate(edited(lesson("ordering-mistake")));
    for (const n of [2, 4]) {
      expect(packet(fixed, n).trace).toContain("filter:INPUT:rule:3:ACCEPT");
      expect(packet(fixed, n).fate).toBe("local");
    }
  });

  it("reject-vs-drop: DROP is silent, REJECT answers with RST or ICMP, a closed port answers RST", () => {
    const r = run("reject-vs-drop");
    expect(packet(r, 1).trace).toContain("filter:INPUT:rule:1:DROP");
    expect(answers(r, 1)).toEqual([]);
    expect(answers(r, 2)[0]).toMatchObject({ origin: "reject", flags: expect.stringContaining("R") });
    expect(answers(r, 3)[0]!.header).toMatch(/^icmp .* type 3 code 3/);
    expect(answers(r, 4)[0]).toMatchObject({ origin: "local-stack", flags: expect.stringContaining("R") });
    expect(hooksOf(answers(r, 2)[0]!)).toEqual(["OUTPUT", "POSTROUTING"]);
  });

  it("notrack-raw: the NOTRACKed SYN is UNTRACKED, never NATed, and leaves no entry", () => {
    const r = run("notrack-raw");
    expect(packet(r, 1).trace.some((l) => l.startsWith("nat:"))).toBe(false);
    const filterIn = packet(r, 1).steps.find((s) => s.kind === "chain" && s.table === "filter" && s.hook === "INPUT");
    expect(filterIn?.kind === "chain" && filterIn.packet.ctinfo).toBe("UNTRACKED");
    expect(packet(r, 1).trace).toContain("filter:INPUT:rule:1:ACCEPT");
    expect(packet(r, 1).fate).toBe("local");
    expect(packet(r, 2).egress?.header).toBe("tcp 198.51.100.20:40001 > 192.168.1.10:80");
    expect(r.conntrack).toHaveLength(1);
    expect(r.conntrack[0]).toContain("dport=8080");
    const after = simulate(edited(lesson("notrack-raw")));
    expect(packet(after, 1).egress?.header).toBe("tcp 198.51.100.20:40000 > 192.168.1.10:80");
  });

  it("home-router-nat: MASQUERADE and SNAT on the way out, replies un-NATed without a nat rule", () => {
    const r = run("home-router-nat");
    expect(packet(r, 1).egress?.header).toBe("tcp 203.0.113.1:50000 > 198.51.100.80:443");
    expect(packet(r, 2).egress).toMatchObject({ dev: "eth1", header: "tcp 198.51.100.80:443 > 192.168.1.10:50000" });
    expect(packet(r, 2).trace.some((l) => l.startsWith("nat:"))).toBe(false);
    expect(packet(r, 3).egress?.header).toBe("udp 203.0.113.1:5353 > 198.51.100.53:53");
    expect(packet(r, 4).egress).toMatchObject({ dev: "eth2", header: "udp 198.51.100.53:53 > 192.168.2.10:5353" });
    const snat = simulate(edited(lesson("home-router-nat")));
    expect(packet(snat, 1).egress?.header).toBe(packet(r, 1).egress?.header);
  });

  it("port-forward-dnat: DNAT before routing, FORWARD sees port 80, the answer comes from :8080", () => {
    const r = run("port-forward-dnat");
    expect(packet(r, 1).egress).toMatchObject({ dev: "eth1", header: "tcp 198.51.100.20:40000 > 192.168.1.10:80" });
    expect(packet(r, 1).trace).toContain("filter:FORWARD:rule:3:ACCEPT");
    expect(packet(r, 2).egress).toMatchObject({ dev: "eth0", header: "tcp 203.0.113.1:8080 > 198.51.100.20:40000" });
    const after = simulate(edited(lesson("port-forward-dnat")));
    expect(packet(after, 1).trace).toContain("filter:FORWARD:policy:DROP");
  });

  it("docker-published-port: the SYN is forwarded and never touches filter INPUT; DOCKER-USER stops it", () => {
    const r = run("docker-published-port");
    expect(packet(r, 1).fate).toBe("forwarded");
    expect(packet(r, 1).egress?.dev).toBe("docker0");
    expect(packet(r, 1).trace.some((l) => l.includes(":INPUT:"))).toBe(false);
    expect(packet(r, 2).egress?.header).toBe("tcp 10.0.0.1:8080 > 198.51.100.20:40000");
    const after = simulate(edited(lesson("docker-published-port")));
    expect(packet(after, 1).trace).toContain("filter:DOCKER-USER:rule:1:DROP");
    expect(packet(after, 1).fate).toBe("dropped");
  });

  it("kube-clusterip: KUBE-SERVICES -> KUBE-SVC -> KUBE-SEP DNAT; only the node's own request is marked", () => {
    const r = run("kube-clusterip");
    const p1 = packet(r, 1);
    expect(p1.trace).toEqual(
      expect.arrayContaining([
        "nat:KUBE-SERVICES:rule:1:JUMP:KUBE-SVC-WEB",
        "nat:KUBE-SVC-WEB:rule:2:JUMP:KUBE-SEP-WEB1",
        "nat:KUBE-SEP-WEB1:rule:2:ACCEPT",
        "nat:KUBE-POSTROUTING:rule:1:RETURN",
      ]),
    );
    expect(p1.egress?.header).toBe("tcp 10.244.0.5:40000 > 10.244.1.5:8080");
    expect(packet(r, 2).egress?.header).toBe("tcp 10.96.0.10:80 > 10.244.0.5:40000");
    const p3 = packet(r, 3);
    expect(p3.trace).toEqual(
      expect.arrayContaining(["nat:KUBE-SVC-WEB:rule:1:JUMP:KUBE-MARK-MASQ", "nat:KUBE-POSTROUTING:rule:3:ACCEPT"]),
    );
    expect(p3.egress).toMatchObject({ dev: "eth0", header: "tcp 10.0.0.10:45000 > 10.244.1.5:8080" });
  });

  // A second NAT manip (MASQUERADE after DNAT) starts from the tuple the first one left (fixed in e8e2a9b).
  it("kube-clusterip: conntrack keeps the DNAT of the node's masqueraded request", () => {
    const r = run("kube-clusterip");
    expect(r.conntrack.find((l) => l.includes("sport=45000"))).toContain("src=10.244.1.5 dst=10.0.0.10 sport=8080");
  });

  it("kube-nodeport: KUBE-NODEPORTS, mark 0x4000, forwarded (not INPUT) and masqueraded", () => {
    const r = run("kube-nodeport");
    const p1 = packet(r, 1);
    expect(p1.trace).toEqual(
      expect.arrayContaining([
        "nat:KUBE-SERVICES:rule:2:JUMP:KUBE-NODEPORTS",
        "nat:KUBE-EXT-WEB:rule:1:JUMP:KUBE-MARK-MASQ",
        "filter:KUBE-FORWARD:rule:2:ACCEPT",
        "nat:KUBE-POSTROUTING:rule:3:ACCEPT",
      ]),
    );
    expect(p1.trace.some((l) => l.includes(":INPUT:"))).toBe(false);
    expect(p1.egress).toMatchObject({ dev: "cni0", header: "tcp 10.244.0.1:41000 > 10.244.0.7:8080" });
  });

  it("kube-nodeport: the pod's answer is un-NATed back to 10.0.0.10:30080", () => {
    const r = run("kube-nodeport");
    expect(packet(r, 2).egress).toMatchObject({ dev: "eth0", header: "tcp 10.0.0.10:30080 > 198.51.100.20:41000" });
  });

  it("kube-ping-clusterip: the ping is not translated and goes to the gateway; tcp/80 is DNATed", () => {
    const r = run("kube-ping-clusterip");
    const p1 = packet(r, 1);
    expect(p1.steps.some((s) => s.kind === "nat")).toBe(false);
    expect(p1.fate).toBe("forwarded");
    expect(p1.egress).toMatchObject({ dev: "eth0", header: expect.stringContaining("> 10.96.0.10") });
    expect(answers(r, 1)).toEqual([]);
    expect(packet(r, 2).fate).toBe("forwarded");
    expect(packet(r, 3).egress?.header).toBe("tcp 10.244.0.5:40000 > 10.244.1.5:8080");
  });

  it("accept-is-not-the-end: iptables accepts SSH, the native chain at filter + 10 drops it; HTTP passes both", () => {
    const r = run("accept-is-not-the-end");
    expect(packet(r, 1).fate).toBe("dropped");
    expect(packet(r, 1).trace.slice(-2)).toEqual(["filter:INPUT:rule:2:ACCEPT", "inet fw:input:policy:DROP"]);
    expect(packet(r, 2).fate).toBe("local");
    expect(packet(r, 2).trace).toContain("inet fw:input:rule:2:ACCEPT");
  });

  it("tcp-window-tracking: data far beyond the window is INVALID and dropped; with tcp_be_liberal=1 it passes", () => {
    const r = run("tcp-window-tracking");
    expect(packet(r, 4).fate).toBe("forwarded");
    expect(packet(r, 5).trace.at(-1)).toBe("filter:FORWARD:rule:1:DROP");
    expect(packet(r, 5).steps).toContainEqual(expect.objectContaining({ kind: "conntrack", action: "out-of-window" }));
    expect(r.conntrack[0]).toMatch(/^tcp ESTABLISHED .*\[ASSURED\]/);
    const liberal = simulate(edited(lesson("tcp-window-tracking")));
    expect(packet(liberal, 5).fate).toBe("forwarded");
    expect(packet(liberal, 5).trace).not.toContain("filter:FORWARD:rule:1:DROP");
  });

  it("conntrack-timeouts: the answer within the timeout is un-NATed; after it, the binding is gone", () => {
    const r = run("conntrack-timeouts");
    expect(packet(r, 2).egress).toMatchObject({ dev: "eth1", header: "udp 198.51.100.53:53 > 192.168.1.10:40000" });
    expect(packet(r, 3).steps).toContainEqual(expect.objectContaining({ kind: "conntrack", action: "expired" }));
    expect(packet(r, 3).fate).toBe("local");
    expect(answers(r, 3)[0]!.header).toMatch(/^icmp 203\.0\.113\.1 > 198\.51\.100\.53 type 3 code 3/);
    expect(r.conntrack).toHaveLength(1);
    expect(r.conntrack[0]).toMatch(/^udp src=198\.51\.100\.53 dst=203\.0\.113\.1 .*\[UNREPLIED\]/);
  });

  it("firewalld-and-docker: Docker's FORWARD accepts the published port, firewalld's forward rejects it; ct status dnat fixes it", () => {
    const r = run("firewalld-and-docker");
    const p1 = packet(r, 1);
    expect(p1.trace.slice(-2)).toEqual(["filter:DOCKER:rule:1:ACCEPT", "inet firewalld:filter_FORWARD:rule:4:DROP"]);
    expect(p1.fate).toBe("dropped");
    expect(answers(r, 1)[0]!.header).toMatch(/^icmp 10\.0\.0\.1 > 198\.51\.100\.30 type 3 code 13/);
    expect(packet(r, 2).trace).toContain("inet firewalld:filter_FORWARD:rule:3:ACCEPT");
    expect(packet(r, 2).egress?.header).toBe("tcp 10.0.0.1:45000 > 198.51.100.20:443");
    expect(packet(r, 3).trace).toContain("inet firewalld:filter_FORWARD:rule:1:ACCEPT");
    expect(packet(r, 3).egress).toMatchObject({ dev: "docker0", header: "tcp 198.51.100.20:443 > 172.17.0.2:45000" });
    const fixed = simulate(edited(lesson("firewalld-and-docker")));
    expect(packet(fixed, 1).trace).toContain("inet firewalld:filter_FORWARD:rule:2:ACCEPT");
    expect(packet(fixed, 1).egress).toMatchObject({
      dev: "docker0",
      header: "tcp 198.51.100.30:40000 > 172.17.0.2:80",
    });
  });

  it("kube-proxy-nftables: service-ips vmap -> service chain -> numgen -> endpoint DNAT; a wrong port is rejected", () => {
    const r = run("kube-proxy-nftables");
    const svc = "service-ZQ3ETPUY-default/web/tcp/http";
    const ep = (ip: string, id: string) => `endpoint-${id}-default/web/tcp/http__${ip}/8080`;
    expect(packet(r, 1).trace).toEqual(
      expect.arrayContaining([
        "kube-proxy:nat-prerouting:rule:1:JUMP:services",
        `kube-proxy:services:rule:1:GOTO:${svc}`,
        `kube-proxy:${svc}:rule:2:GOTO:${ep("10.244.2.7", "JX2RLAUE")}`,
        `kube-proxy:${ep("10.244.2.7", "JX2RLAUE")}:rule:2:ACCEPT`,
        "kube-proxy:masquerading:rule:1:RETURN",
      ]),
    );
    expect(packet(r, 1).egress).toMatchObject({ dev: "eth0", header: "tcp 10.244.0.5:40000 > 10.244.2.7:8080" });
    expect(packet(r, 2).trace).toContain(`kube-proxy:${svc}:rule:2:GOTO:${ep("10.244.1.6", "T5GDMWLC")}`);
    expect(packet(r, 2).egress?.header).toBe("tcp 10.244.0.5:40001 > 10.244.1.6:8080");
    expect(packet(r, 3).trace.some((l) => l.includes("nat"))).toBe(false);
    expect(packet(r, 3).egress).toMatchObject({ dev: "cni0", header: "tcp 10.96.0.10:80 > 10.244.0.5:40000" });
    expect(packet(r, 4).trace.slice(-2)).toEqual([
      "kube-proxy:filter-forward:rule:1:JUMP:cluster-ips-check",
      "kube-proxy:cluster-ips-check:rule:1:DROP",
    ]);
    expect(answers(r, 4)[0]!.header).toMatch(/^icmp 10\.244\.0\.1 > 10\.244\.0\.5 type 3 code 3/);
  });

  it("nftables-home-router: masqueraded out, answered as established, WAN SSH dropped until a rule opens it", () => {
    const r = run("nftables-home-router");
    expect(packet(r, 1).trace).toEqual(["inet filter:forward:rule:3:ACCEPT", "nat:postrouting:rule:1:ACCEPT"]);
    expect(packet(r, 1).egress).toMatchObject({ dev: "eth0", header: "tcp 203.0.113.2:40000 > 198.51.100.20:443" });
    expect(packet(r, 2).trace).toEqual(["inet filter:forward:rule:1:ACCEPT"]);
    expect(packet(r, 2).egress).toMatchObject({ dev: "eth1", header: "tcp 198.51.100.20:443 > 192.168.1.10:40000" });
    expect(packet(r, 3).trace).toEqual(["inet filter:input:policy:DROP"]);
    expect(answers(r, 3)).toEqual([]);
    const opened = simulate(edited(lesson("nftables-home-router")));
    expect(packet(opened, 3).trace).toEqual(["inet filter:input:rule:6:ACCEPT"]);
    expect(answers(opened, 3)[0]!.header).toMatch(/^tcp 203\.0\.113\.2:22 > 198\.51\.100\.20:40001/);
  });

  it("stateful-firewall-nft: the nft ruleset gives every packet the iptables lesson's fate, by the same rule", () => {
    const ipt = run("stateful-firewall");
    const nft = run("stateful-firewall-nft");
    expect(nft.packets).toHaveLength(ipt.packets.length);
    const filterLines = (p: PacketOutcome) => p.trace.filter((l) => l.startsWith("filter:"));
    for (const [i, p] of ipt.packets.entries()) {
      expect(nft.packets[i]!.fate).toBe(p.fate);
      expect(nft.packets[i]!.egress?.header).toBe(p.egress?.header);
      expect(filterLines(nft.packets[i]!)).toEqual(filterLines(p));
    }
    expect(nft.responses.map((a) => a.header)).toEqual(ipt.responses.map((a) => a.header));
    expect(packet(nft, 2).trace).toEqual(["filter:INPUT:rule:2:ACCEPT"]);
    expect(packet(nft, 4).trace).toEqual(["filter:INPUT:policy:DROP"]);
    expect(packet(nft, 3).trace).toEqual(["filter:INPUT:rule:4:ACCEPT"]);
    expect(packet(ipt, 3).trace.some((l) => l.startsWith("raw:"))).toBe(true);
  });
});
