import { parseRuleset } from "@nfx/iptables-save";
import type { Rule } from "@nfx/model";
import { runScenario } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import { explainOutcome, explainRule, type PacketSnapshot, type SimulationResult } from "../src";
import { ROUTER, run } from "./harness";

const SYN = { from: "eth0", proto: "tcp", src: "198.51.100.20", sport: 40000, dst: "10.0.0.1", dport: 22, flags: "S" };

/** The filter INPUT rules of a ruleset and the packet as filter INPUT saw it. */
function atInput(rules: string, packet: object = SYN, host: unknown = ROUTER) {
  const text = `*filter\n:INPUT ACCEPT [0:0]\n${rules}\nCOMMIT\n`;
  const result: SimulationResult = run(text, [packet], host);
  const outcome = result.packets[0]!;
  const step = outcome.steps.find((s) => s.kind === "chain" && s.table === "filter" && s.hook === "INPUT");
  if (step?.kind !== "chain") throw new Error("the packet never reached filter INPUT");
  const parsed = parseRuleset(text).ruleset.tables[0]!.chains.find((c) => c.name === "INPUT")!.rules;
  return { rules: parsed, snapshot: step.packet as PacketSnapshot, trace: outcome.trace };
}

describe("explainRule says why, with the engine's own tests", () => {
  it("an untracked packet against connmark ! --mark: the engine passes the rule and says there is no connection", () => {
    const raw = "*raw\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j CT --notrack\nCOMMIT\n";
    const text = `${raw}*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m connmark ! --mark 0x1 -j DROP\nCOMMIT\n`;
    const outcome = run(text, [SYN]).packets[0]!;
    expect(outcome.trace).toContain("filter:INPUT:policy:ACCEPT");
    const step = outcome.steps.find((s) => s.kind === "chain" && s.table === "filter");
    if (step?.kind !== "chain") throw new Error("no filter step");
    expect(step.packet.ctinfo).toBe("UNTRACKED");
    const rule = parseRuleset(text).ruleset.tables.find((t) => t.name === "filter")!.chains[0]!.rules[0]!;
    const { firstFailed } = explainRule(rule, step.packet);
    expect(firstFailed).toMatchObject({ code: "connmark", invert: true, rule: "0x1", packet: null, held: false });
  });

  it("multiport tests the protocol before the ports, as the engine does", () => {
    const rule: Rule = {
      matches: [{ module: "multiport", direction: "dst", ports: { value: [{ from: 22, to: 22 }], invert: true } }],
      target: { kind: "ACCEPT" },
    };
    const ping = { from: "eth0", proto: "icmp", src: "198.51.100.20", dst: "10.0.0.1", type: 8 };
    const { snapshot } = atInput("", ping);
    const { conditions, firstFailed } = explainRule(rule, snapshot);
    expect(conditions.map((c) => c.code)).toEqual(["multiport.proto", "multiport.ports"]);
    expect(firstFailed).toMatchObject({ code: "multiport.proto", rule: "multiport", packet: "icmp" });
  });

  it("explains addrtype with the address's type", () => {
    const { rules, snapshot, trace } = atInput("-A INPUT -m addrtype --dst-type BROADCAST -j DROP");
    expect(trace).toEqual(["filter:INPUT:policy:ACCEPT"]);
    expect(explainRule(rules[0]!, snapshot).firstFailed).toMatchObject({
      code: "addrtype.dst",
      rule: "BROADCAST",
      packet: "LOCAL",
    });
  });

  it("explains --ctorigsrc from the connection's original tuple", () => {
    const { rules, snapshot, trace } = atInput(
      "-A INPUT -m conntrack --ctorigsrc 10.0.0.0/8 -j DROP\n-A INPUT -m conntrack --ctorigsrc 198.51.100.0/24 -j ACCEPT",
    );
    expect(trace).toEqual(["filter:INPUT:rule:2:ACCEPT"]);
    expect(explainRule(rules[0]!, snapshot).firstFailed).toMatchObject({
      code: "ct.origsrc",
      rule: "10.0.0.0/8",
      packet: "198.51.100.20",
    });
    const hit = explainRule(rules[1]!, snapshot);
    expect(hit.firstFailed).toBeNull();
    expect(hit.conditions).toEqual([
      expect.objectContaining({ code: "ct.origsrc", held: true, packet: "198.51.100.20" }),
    ]);
  });

  it("says a limit or statistic test depends on state it cannot see, rather than guess", () => {
    const { rules, snapshot } = atInput("-A INPUT -m limit --limit 1/second -j ACCEPT");
    expect(explainRule(rules[0]!, snapshot).conditions[0]).toMatchObject({ code: "limit", held: null });
  });

  it("explains pkttype and ecn", () => {
    const ece = { ...SYN, flags: "SEC", tos: 2 };
    const { rules, snapshot, trace } = atInput(
      "-A INPUT -m pkttype --pkt-type broadcast -j DROP\n-A INPUT -p tcp -m ecn --ecn-tcp-ece ! --ecn-tcp-cwr -j DROP\n-A INPUT -p tcp -m ecn --ecn-tcp-ece --ecn-tcp-cwr --ecn-ip-ect 2 -j ACCEPT",
      ece,
    );
    expect(trace).toEqual(["filter:INPUT:rule:3:ACCEPT"]);
    expect(explainRule(rules[0]!, snapshot).firstFailed).toMatchObject({ code: "pkttype", packet: "unicast" });
    expect(explainRule(rules[1]!, snapshot).firstFailed).toMatchObject({
      code: "ecn.cwr",
      invert: true,
      packet: "SEC",
    });
    expect(explainRule(rules[2]!, snapshot).conditions.map((c) => [c.code, c.held])).toEqual([
      ["proto", true],
      ["ecn.ect", true],
      ["ecn.ece", true],
      ["ecn.cwr", true],
    ]);
  });
});

/** Runs `rules` (iptables-save text) with statistic pins and explains the first packet's trace lines. */
function explained(text: string, pins: ReadonlyMap<string, boolean> = new Map(), packet: object = SYN) {
  const run = runScenario({ host: ROUTER, ruleset: text, packets: [packet] }, { statisticPins: pins });
  if (run.kind !== "ran") throw new Error(JSON.stringify(run.errors));
  const outcome = run.result.packets[0]!;
  return { trace: outcome.trace, reached: explainOutcome(outcome, run.parsed.ruleset, pins).flat() };
}

const CASCADE =
  "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -m statistic --mode random --probability 0.5 -j DROP\n" +
  "-A INPUT -p tcp -m statistic --mode random --probability 0.25 -j ACCEPT\nCOMMIT\n";

describe("explanations of statistic matches say what decided them", () => {
  it("a pinned statistic match is explained as the pin, in the rule passed and the rule matched", () => {
    const pins = new Map([
      ["filter:INPUT:1", false],
      ["filter:INPUT:2", true],
    ]);
    const { trace, reached } = explained(CASCADE, pins);
    expect(trace).toEqual(["filter:INPUT:rule:2:ACCEPT"]);
    const [passed, matched] = reached;
    expect(passed!.explanation.firstFailed).toMatchObject({
      code: "statistic",
      held: false,
      state: { on: { kind: "random", probability: 0.5 }, known: "pinned" },
    });
    expect(matched!.explanation.conditions.at(-1)).toMatchObject({
      code: "statistic",
      held: true,
      state: { on: { kind: "random", probability: 0.25 }, known: "pinned" },
    });
  });

  it("an unpinned draw is known from the rule's outcome, with its probability", () => {
    const { trace, reached } = explained(CASCADE);
    // Whatever the draws gave, each rule reached is explained by its draw, never left unexplained.
    expect(reached.length).toBe(trace[0] === "filter:INPUT:policy:ACCEPT" ? 2 : Number(trace[0]!.split(":")[3]));
    for (const r of reached) {
      const statistic = r.explanation.conditions.find((c) => c.code === "statistic")!;
      expect(statistic).toMatchObject({ held: r.matched, state: { on: { kind: "random" }, known: "outcome" } });
    }
  });

  it("an nth counter is explained as one packet in every n", () => {
    const text =
      "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m statistic --mode nth --every 3 --packet 0 -j DROP\nCOMMIT\n";
    const { reached } = explained(text);
    expect(reached[0]!.explanation.conditions[0]).toMatchObject({
      held: true,
      state: { on: { kind: "nth", every: 3, packet: 0 }, known: "outcome" },
    });
  });
});

describe("the matching rule's target says what it did", () => {
  const target = (text: string, packet: object = SYN) =>
    explained(text, new Map(), packet)
      .reached.filter((r) => r.matched)
      .map((r) => r.target);

  it("MARK and TTL name the field with its value before and after", () => {
    const mangle =
      "*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j MARK --set-xmark 0x5/0xffffffff\n" +
      "-A PREROUTING -j TTL --ttl-dec 2\nCOMMIT\n";
    expect(target(mangle)).toEqual([
      { kind: "set", changes: [{ field: "mark", before: "0x0", after: "0x5" }] },
      { kind: "set", changes: [{ field: "ttl", before: "64", after: "62" }] },
    ]);
  });

  it("CONNMARK before conntrack has no connection to mark; NOTRACK makes the packet UNTRACKED", () => {
    const raw =
      "*raw\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j CONNMARK --set-xmark 0x1/0xffffffff\n" +
      "-A PREROUTING -j NOTRACK\nCOMMIT\n";
    expect(target(raw)).toEqual([
      { kind: "no-connection" },
      { kind: "untrack", changes: [{ field: "ctinfo", before: "INVALID", after: "UNTRACKED" }] },
    ]);
  });

  it("verdicts, jumps and NAT say what they are", () => {
    const text =
      "*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -j DNAT --to-destination 192.168.1.2\nCOMMIT\n" +
      "*filter\n:FORWARD ACCEPT [0:0]\n:web - [0:0]\n-A FORWARD -j web\n-A web -p tcp -j REJECT --reject-with tcp-reset\nCOMMIT\n";
    expect(target(text)).toEqual([
      { kind: "nat", manip: "DNAT" },
      { kind: "jump", chain: "web" },
      { kind: "reject", with: "tcp-reset" },
    ]);
  });
});
