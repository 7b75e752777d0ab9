import { describe, expect, it } from "vitest";
import { chainIndexNamed, chainNamed } from "../src/chain-lookup";
import type { Chain, Table } from "../src/rule";

const chain = (name: string, policy: Chain["policy"] = null): Chain => ({ name, policy, rules: [] });

describe("chainNamed", () => {
  it("finds every chain of a large table by name, and nothing for a name it lacks", () => {
    const chains = Array.from({ length: 5000 }, (_, i) => chain(`KUBE-SEP-${String(i).padStart(4, "0")}`));
    const table: Table = { name: "nat", chains };
    for (const i of [0, 1, 2500, 4999]) expect(chainNamed(table, chains[i]!.name)).toBe(chains[i]);
    expect(chainNamed(table, "KUBE-SEP-5000")).toBeUndefined();
    expect(chainNamed({ name: "nat", chains: [] }, "X")).toBeUndefined();
  });

  it("finds built-in chains first and user chains as iptables-save sorts them", () => {
    const chains = [chain("PREROUTING", "ACCEPT"), chain("OUTPUT", "ACCEPT"), chain("A"), chain("B"), chain("C")];
    const table: Table = { name: "nat", chains };
    expect(["PREROUTING", "OUTPUT", "A", "B", "C"].map((n) => chainIndexNamed(table, n))).toEqual([0, 1, 2, 3, 4]);
  });

  it("finds chains of a hand-written table in any order", () => {
    const names = ["ZED", "INPUT", "alpha", "MID", "FORWARD", "B", "a"];
    const chains = names.map((n) => chain(n, n === "INPUT" || n === "FORWARD" ? "ACCEPT" : null));
    const table: Table = { name: "filter", chains };
    for (const [i, n] of names.entries()) expect(chainIndexNamed(table, n)).toBe(i);
    expect(chainIndexNamed(table, "OUTPUT")).toBe(-1);
  });
});
