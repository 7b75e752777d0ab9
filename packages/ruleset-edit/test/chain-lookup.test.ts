import type { Table } from "@nfx/model";
import { describe, expect, it } from "vitest";
import { chainNamed } from "../src/chain-lookup";

describe("chainNamed", () => {
  it("finds every chain of a large table by name, and nothing for a name it lacks", () => {
    const chains = Array.from({ length: 5000 }, (_, i) => ({ name: `KUBE-SEP-${i}`, policy: null, rules: [] }));
    const table: Table = { name: "nat", chains };
    for (const i of [0, 1, 2500, 4999]) expect(chainNamed(table, `KUBE-SEP-${i}`)).toBe(chains[i]);
    expect(chainNamed(table, "KUBE-SEP-5000")).toBeUndefined();
    expect(chainNamed({ name: "nat", chains: [] }, "X")).toBeUndefined();
  });
});
