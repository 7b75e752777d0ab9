import { parseNft } from "@nfx/nftables";
import { describe, expect, it } from "vitest";
import { explainNftOutcome, explainNftRule } from "../src";
import { runNft, syn } from "./nft-harness";

const TEXT = `table inet fw {
  set admins {
    type ipv4_addr
    flags interval
    elements = { 10.0.0.0/28 }
  }
  chain input {
    type filter hook input priority 0; policy drop;
    tcp dport 22 ip saddr @admins accept
    tcp dport vmap { 80 : accept, 443 : accept }
  }
}
`;

describe("nft rule explanations", () => {
  it("name the test that failed with the packet's value, from the tests the engine decided with", () => {
    const result = runNft(TEXT, [syn(22, { src: "10.0.0.20" }), syn(443)]);
    const ruleset = parseNft(TEXT).ruleset;
    const [first, second] = result.packets.map((p) => explainNftOutcome(p, ruleset));
    // Packet 1: rule 1 fails on the set, rule 2's map misses, the policy drops it.
    const passed = first![0]!;
    expect(
      passed.map((r) => [r.rule, r.matched, r.explanation.firstFailed?.text, r.explanation.firstFailed?.packet]),
    ).toEqual([
      [1, false, "ip saddr @admins", "10.0.0.20"],
      [2, false, "tcp dport vmap { 80 : accept, 443 : accept }", "22"],
    ]);
    // Packet 2: rule 1 fails on the port; rule 2 matched through the map.
    expect(second![0]!.map((r) => [r.rule, r.matched])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(second![0]![0]!.explanation.firstFailed).toMatchObject({ text: "tcp dport 22", packet: "443", held: false });
  });

  it("runs statements before a test, as nft does, and marks state-dependent tests as undecided", () => {
    const table = parseNft(
      "table ip t {\n  chain c {\n    type filter hook input priority 0;\n    meta mark set 0x1 meta mark 0x1 limit rate 1/second accept\n  }\n}\n",
    ).ruleset.tables[0]!;
    const rule = table.chains[0]!.rules[0]!;
    const step = runNft("table ip t {\n  chain c {\n    type filter hook input priority 0;\n  }\n}\n", [
      syn(22),
    ]).packets[0]!.steps.find((s) => s.kind === "nft-chain");
    if (step?.kind !== "nft-chain") throw new Error("no chain step");
    const why = explainNftRule(table, rule, step.packet);
    expect(why.conditions.map((c) => [c.text, c.held])).toEqual([
      ["meta mark 0x00000001", true],
      ["limit rate 1/second", null],
    ]);
  });
});
