import { parseRuleset } from "@nfx/iptables-save";
import type { Chain, Ruleset } from "@nfx/model";
import { toHost, toPacketSpec, validateScenario } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import { prepareRuleset, type SimulationResult, simulate } from "../src";

const HOST = { interfaces: [{ name: "eth0", addr: "10.0.0.1/24" }], conntrack: "auto" };
const UDP = { from: "eth0", proto: "udp", src: "198.51.100.20", dst: "10.0.0.1", dport: 53 };

/** Runs `packets` through `ruleset` as the app does: the same parsed object, one simulation after another. */
function sim(ruleset: Ruleset, packets: unknown[], prepare = false): SimulationResult {
  const v = validateScenario({ host: HOST, ruleset: "", packets });
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  if (prepare) prepareRuleset(toHost(v.value), ruleset);
  return simulate(toHost(v.value), ruleset, v.value.packets.map(toPacketSpec));
}

function parsed(text: string): Ruleset {
  const r = parseRuleset(text);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.ruleset;
}

const packets = (n: number) => Array.from({ length: n }, (_, i) => ({ ...UDP, sport: 1000 + i }));

describe("compiled chains are kept with the parsed ruleset, rule state is not", () => {
  it("starts each simulation with fresh nth counters and rule counters", () => {
    const ruleset = parsed(
      "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -m statistic --mode nth --every 3 --packet 0 -j DROP\nCOMMIT\n",
    );
    const first = sim(ruleset, packets(4));
    // Within one simulation the nth counter carries: packets 1 and 4 are every third.
    expect(first.packets.map((p) => p.trace.join(" "))).toEqual([
      "filter:INPUT:rule:1:DROP",
      "filter:INPUT:policy:ACCEPT",
      "filter:INPUT:policy:ACCEPT",
      "filter:INPUT:rule:1:DROP",
    ]);
    const second = sim(ruleset, packets(4));
    expect(second.packets.map((p) => p.trace)).toEqual(first.packets.map((p) => p.trace));
    expect(second.counters).toEqual(first.counters);
  });

  it("never reads the rules of a chain no packet reaches", () => {
    const ruleset = parsed(
      "*filter\n:INPUT ACCEPT [0:0]\n:UNREACHED - [0:0]\n" +
        "-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT\n" +
        "-A INPUT -p udp -j ACCEPT\n" +
        "-A UNREACHED -j DROP\n" +
        "COMMIT\n",
    );
    const table = ruleset.tables[0]!;
    const untouchable = (c: Chain): Chain =>
      c.name === "UNREACHED"
        ? Object.defineProperty({ name: c.name, policy: c.policy } as Chain, "rules", {
            get: () => {
              throw new Error("the rules of UNREACHED were read");
            },
          })
        : c;
    const lazy: Ruleset = { tables: [{ ...table, chains: table.chains.map(untouchable) }] };
    const result = sim(lazy, packets(2));
    expect(result.packets.map((p) => p.trace)).toEqual([
      ["filter:INPUT:rule:2:ACCEPT"],
      ["filter:INPUT:rule:2:ACCEPT"],
    ]);
    expect(result.counters).toEqual([{ table: "filter", chain: "INPUT", rule: 2, packets: 2, bytes: 56 }]);
  });

  it("lists counters in the ruleset's order, whatever order the packets reached the chains in", () => {
    // ZED is declared before ALPHA but reached after it; names out of order also leave the sorted lookup behind.
    const ruleset = parsed(
      "*mangle\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -j MARK --set-mark 1\nCOMMIT\n" +
        "*filter\n:INPUT ACCEPT [0:0]\n:ZED - [0:0]\n:ALPHA - [0:0]\n" +
        "-A INPUT -j ALPHA\n-A INPUT -j ZED\n-A ALPHA -j RETURN\n-A ZED -j ACCEPT\nCOMMIT\n",
    );
    const result = sim(ruleset, packets(1));
    expect(result.packets[0]!.trace).toEqual([
      "mangle:PREROUTING:rule:1:CONTINUE",
      "mangle:PREROUTING:policy:ACCEPT",
      "filter:INPUT:rule:1:JUMP:ALPHA",
      "filter:ALPHA:rule:1:RETURN",
      "filter:INPUT:rule:2:JUMP:ZED",
      "filter:ZED:rule:1:ACCEPT",
    ]);
    expect(result.counters.map((c) => `${c.table}:${c.chain}:${c.rule}`)).toEqual([
      "mangle:PREROUTING:1",
      "mangle:PREROUTING:policy",
      "filter:INPUT:1",
      "filter:INPUT:2",
      "filter:ZED:1",
      "filter:ALPHA:1",
    ]);
  });

  it("prepares the base chains and the chains they jump to, and no further, without changing a result", () => {
    const text =
      "*filter\n:INPUT ACCEPT [0:0]\n:FIRST - [0:0]\n:DEEPER - [0:0]\n" +
      "-A INPUT -m statistic --mode nth --every 2 --packet 0 -j FIRST\n-A FIRST -p tcp -j DEEPER\n" +
      "-A FIRST -j DROP\n-A DEEPER -j ACCEPT\nCOMMIT\n";
    const plain = sim(parsed(text), packets(3));
    const ruleset = parsed(text);
    const table = ruleset.tables[0]!;
    const untouchable = (c: Chain): Chain =>
      c.name === "DEEPER"
        ? Object.defineProperty({ name: c.name, policy: c.policy } as Chain, "rules", {
            get: () => {
              throw new Error("the rules of DEEPER were read");
            },
          })
        : c;
    const guarded: Ruleset = { tables: [{ ...table, chains: table.chains.map(untouchable) }] };
    const v = validateScenario({ host: HOST, ruleset: "", packets: [] });
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    expect(() => prepareRuleset(toHost(v.value), guarded)).not.toThrow();
    // Prepared, the same packets (udp: DEEPER is never reached) give what an unprepared ruleset gave.
    const prepared = sim(ruleset, packets(3), true);
    expect(prepared).toEqual(plain);
    expect(plain.packets.map((p) => p.trace.at(-1))).toEqual([
      "filter:FIRST:rule:2:DROP",
      "filter:INPUT:policy:ACCEPT",
      "filter:FIRST:rule:2:DROP",
    ]);
  });
});
