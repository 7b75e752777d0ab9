import { describe, expect, it } from "vitest";
import { parseRuleset } from "../src/index";

/** What iptables-restore 1.8.9 does, checked on this machine's kernel (see chains-user-chain-named-like-target). */
describe("a user chain named like an extension target", () => {
  const parse = (body: string) => parseRuleset(`*filter\n:INPUT ACCEPT [0:0]\n${body}COMMIT\n`);

  it("-j NAME jumps to the chain, for a modelled target (LOG, TRACE) and an unmodelled one (AUDIT)", () => {
    const result = parse(
      ":AUDIT - [0:0]\n:LOG - [0:0]\n:TRACE - [0:0]\n-A INPUT -j AUDIT\n-A INPUT -j LOG\n-A INPUT -j TRACE\n",
    );
    expect(result.diagnostics).toEqual([]);
    const input = result.ruleset.tables.find((t) => t.name === "filter")?.chains.find((c) => c.name === "INPUT");
    expect(input?.rules.map((r) => r.target)).toEqual([
      { kind: "jump", chain: "AUDIT" },
      { kind: "jump", chain: "LOG" },
      { kind: "jump", chain: "TRACE" },
    ]);
  });

  it("the target's options are then unknown options", () => {
    const result = parse(":LOG - [0:0]\n-A INPUT -j LOG --log-prefix x\n");
    expect(result.diagnostics.map((d) => [d.severity, d.line])).toEqual([["error", 4]]);
  });

  it("a chain declared after the rule does not change it: the target is read", () => {
    // The kernel logs here (nft list shows `log`), though iptables-save prints the same `-j LOG`.
    const result = parse("-A INPUT -j LOG\n:LOG - [0:0]\n");
    expect(result.diagnostics).toEqual([]);
    const input = result.ruleset.tables.find((t) => t.name === "filter")?.chains.find((c) => c.name === "INPUT");
    expect(input?.rules[0]?.target?.kind).toBe("LOG");
  });
});
