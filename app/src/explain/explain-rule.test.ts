import type { PacketSnapshot } from "@nfx/engine";
import { parseRuleset } from "@nfx/iptables-save";
import type { Rule } from "@nfx/model";
import { describe, expect, it } from "vitest";
import { stringsFor } from "../i18n";
import { explainRule, missReason, targetReason } from "./explain-rule";

function rule(line: string, table = "filter"): Rule {
  const { ruleset, diagnostics } = parseRuleset(
    `*${table}\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n${line}\nCOMMIT\n`,
  );
  expect(diagnostics).toEqual([]);
  return ruleset.tables[0]!.chains.find((c) => c.rules.length)!.rules[0]!;
}

const syn: PacketSnapshot = {
  header: "tcp 198.51.100.20:40000 > 203.0.113.1:22",
  proto: "tcp",
  src: "198.51.100.20",
  dst: "203.0.113.1",
  sport: 40000,
  dport: 22,
  flags: "S",
  icmpType: 0,
  icmpCode: 0,
  ttl: 64,
  tos: 0,
  mark: 0,
  length: 40,
  inIface: "eth0",
  outIface: null,
  ctinfo: "NEW",
  ctDirection: "ORIGINAL",
  ctMark: 0,
  ctStatus: [],
  ctOriginal: "tcp 198.51.100.20:40000 > 203.0.113.1:22",
  ctReply: "tcp 203.0.113.1:22 > 198.51.100.20:40000",
  srcType: "UNICAST",
  dstType: "LOCAL",
  typesOnIn: ["UNICAST", "UNICAST"],
  typesOnOut: ["UNICAST", "UNICAST"],
  macSrc: "02:00:00:00:00:02",
  socket: null,
  pktType: "unicast",
};

describe("explainRule", () => {
  it("names the source network the packet is not in", () => {
    expect(missReason(rule("-A INPUT -s 10.0.0.0/8 -j ACCEPT"), syn)).toBe("-s 10.0.0.0/8: 198.51.100.20 is not in it");
  });

  it("reports the first failing condition in evaluation order", () => {
    const r = rule("-A INPUT -i eth1 -p tcp -m tcp --dport 23 -j ACCEPT");
    expect(missReason(r, syn)).toBe("-i eth1: the packet is in on eth0");
  });

  it("explains a port miss with the packet's port", () => {
    expect(missReason(rule("-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT"), syn)).toBe(
      "--dport 80: the destination port is 22",
    );
  });

  it("explains a conntrack state miss", () => {
    expect(missReason(rule("-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"), syn)).toBe(
      "--ctstate RELATED,ESTABLISHED: conntrack says NEW",
    );
  });

  it("handles negation: ! -s holds when the address is outside", () => {
    const { checks, firstMiss } = explainRule(rule("-A INPUT ! -s 10.0.0.0/8 -j ACCEPT"), syn);
    expect(checks[0]).toMatchObject({ text: "! -s 10.0.0.0/8", holds: true });
    expect(firstMiss).toBeNull();
  });

  it("says every condition holds for a matching rule", () => {
    const { checks, firstMiss } = explainRule(
      rule("-A INPUT -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT"),
      syn,
    );
    expect(firstMiss).toBeNull();
    // -p tcp, then -m tcp's own protocol test (the engine makes it too), --dport 22, --ctstate NEW.
    expect(checks.map((c) => [c.text, c.holds])).toEqual([
      ["-p tcp", true],
      ["-m tcp", true],
      ["--dport 22", true],
      ["--ctstate NEW", true],
    ]);
  });

  it("checks -o against a packet with no output interface yet", () => {
    expect(missReason(rule("-A FORWARD -o eth0 -j ACCEPT"), syn)).toBe(
      "-o eth0: the packet has no output interface yet",
    );
  });

  it("interface wildcards match by prefix", () => {
    const { firstMiss } = explainRule(rule("-A INPUT -i eth+ -j ACCEPT"), syn);
    expect(firstMiss).toBeNull();
  });

  it("reads the DNAT status from the snapshot's connection", () => {
    const fwd = { ...syn, dst: "192.168.1.10", dport: 80, outIface: "eth1" };
    const r = rule("-A FORWARD -m conntrack --ctstate DNAT -j ACCEPT");
    expect(missReason(r, fwd)).toBe("--ctstate DNAT: conntrack says NEW");
    expect(explainRule(r, { ...fwd, ctStatus: ["DNAT"] }).checks[0]!.holds).toBe(true);
  });

  it("says a limit depends on rule state rather than guess", () => {
    const { checks } = explainRule(rule("-A INPUT -m limit --limit 1/second -j ACCEPT"), syn);
    expect(checks[0]).toMatchObject({ text: "--limit 1/second", holds: null });
  });

  it("an untracked packet against connmark ! --mark fails: there is no connection, as the engine decides", () => {
    const untracked = { ...syn, ctinfo: "UNTRACKED" as const, ctDirection: null, ctOriginal: null, ctReply: null };
    expect(missReason(rule("-A INPUT -m connmark ! --mark 0x1 -j DROP"), untracked)).toBe(
      "! --mark 0x1: the packet has no connection, so no connection mark",
    );
  });

  it("names the ECN flags and the packet type", () => {
    const r = rule("-A INPUT -p tcp -m pkttype --pkt-type unicast -m ecn --ecn-tcp-ece -j ACCEPT");
    expect(missReason(r, syn)).toBe("--ecn-tcp-ece: the packet's ECE flag is clear");
    expect(explainRule(r, { ...syn, flags: "SE" }).firstMiss).toBeNull();
  });

  it("explains TCP flags (--syn) and ICMP types", () => {
    const ack = { ...syn, flags: "A" };
    expect(missReason(rule("-A INPUT -p tcp -m tcp --syn -j ACCEPT"), ack)).toBe(
      "--tcp-flags FIN,SYN,RST,ACK SYN: the packet's TCP flags are A",
    );
    const ping = { ...syn, proto: "icmp" as const, icmpType: 0, sport: 0, dport: 0, flags: "" };
    expect(missReason(rule("-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT"), ping)).toBe(
      "--icmp-type 8: the ICMP type is 0 (code 0)",
    );
  });
});

describe("statistic and target explanations", () => {
  const cascade = rule("-A INPUT -p tcp -m statistic --mode random --probability 0.5 -j DROP");

  it("says a pinned statistic match was decided by the pin, in both languages", () => {
    const en = explainRule(cascade, syn, stringsFor("en"), { matched: false, statisticPin: false });
    expect(en.firstMiss?.why).toBe(
      "a random draw, true with probability 0.5; pinned: you chose that it does not match",
    );
    const zh = explainRule(cascade, syn, stringsFor("zh"), { matched: true, statisticPin: true });
    expect(zh.checks.at(-1)?.why).toBe("随机抽取，成立的概率为 0.5；已固定：你选择了它匹配");
  });

  it("says an unpinned draw came out as the rule's outcome shows", () => {
    expect(missReason(cascade, syn, stringsFor("en"), { matched: false })).toBe(
      "--probability 0.5: a random draw, true with probability 0.5; this time it did not match",
    );
    const nth = rule("-A INPUT -m statistic --mode nth --every 3 --packet 0 -j DROP");
    expect(explainRule(nth, syn, stringsFor("en"), { matched: true }).checks[0]?.why).toBe(
      "the rule's counter: one packet in every 3 that reach the rule; this time it matched",
    );
  });

  it("words what the target did from the packet before and after it", () => {
    const mark = rule("-A INPUT -j MARK --set-xmark 0x5/0xffffffff", "mangle");
    expect(targetReason(mark, syn, { ...syn, mark: 5 }, stringsFor("en"))).toBe(
      "sets the packet mark 0x0 → 0x5; the next rule sees the change",
    );
    expect(targetReason(mark, syn, { ...syn, mark: 5 }, stringsFor("zh"))).toBe(
      "设置数据包标记 0x0 → 0x5；下一条规则看到修改后的值",
    );
    const jump = rule("-A INPUT -j LOG --log-prefix blocked");
    expect(targetReason(jump, syn, syn, stringsFor("en"))).toBe("logs the packet with prefix “blocked”, and goes on");
  });
});
