import type { SimulationResult } from "@nfx/engine";
import { parseRuleset } from "@nfx/iptables-save";
import type { Chain, TableName } from "@nfx/model";
import { describe, expect, it } from "vitest";
import { CHAINS_IN_VIEW, selectChains, standingChains } from "./chain-selection";
import { chainView } from "./compute";

/** A nat table of a node's shape: built-in chains, KUBE-SERVICES, and thousands of per-service chains. */
function node(services: number): string {
  const lines = [
    "*nat",
    ":PREROUTING ACCEPT [0:0]",
    ":OUTPUT ACCEPT [0:0]",
    ":KUBE-SERVICES - [0:0]",
    ":MY-OWN - [0:0]",
  ];
  for (let i = 0; i < services; i++) lines.push(`:KUBE-SVC-${String(i).padStart(6, "0")} - [0:0]`);
  lines.push("-A PREROUTING -j KUBE-SERVICES", "COMMIT", "");
  return lines.join("\n");
}

const entering = (...chains: string[]) =>
  ({
    counters: chains.map((chain) => ({ table: "nat", chain, rule: "policy", packets: 1, bytes: 60 })),
  }) as unknown as SimulationResult;

const names = (views: readonly { name: string }[]) => views.map((v) => v.name);

describe("selectChains", () => {
  const parsed = parseRuleset(node(3 * CHAINS_IN_VIEW));
  const standing = standingChains(parsed);
  const view = (table: TableName, c: Chain) => chainView(table, c, false);

  it("carries the built-in and structural chains, not the per-service ones nobody entered", () => {
    const chains = names(selectChains(parsed, entering(), standing, view));
    expect(chains).toEqual(["PREROUTING", "OUTPUT", "KUBE-SERVICES", "MY-OWN"]);
  });

  it("adds the chains a packet entered, in the table's order, however many chains the table has", () => {
    const chains = names(
      selectChains(parsed, entering("KUBE-SVC-004000", "KUBE-SVC-000007", "NO-SUCH"), standing, view),
    );
    expect(chains).toEqual(["PREROUTING", "OUTPUT", "KUBE-SVC-000007", "KUBE-SVC-004000", "KUBE-SERVICES", "MY-OWN"]);
    // The next simulation answers from the same parse: what it entered, not what the last one did.
    expect(names(selectChains(parsed, entering("KUBE-SVC-000001"), standing, view))).toContain("KUBE-SVC-000001");
    expect(names(selectChains(parsed, entering("KUBE-SVC-000001"), standing, view))).not.toContain("KUBE-SVC-000007");
  });
});
