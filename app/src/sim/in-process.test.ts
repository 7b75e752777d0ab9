import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { createInProcessEngine } from "./in-process";

const OTHER = { ...DEFAULT_SCENARIO, ruleset: "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p udp -j DROP\nCOMMIT\n" };

describe("in-process engines", () => {
  it("each answers from its own ruleset, never from another engine's", async () => {
    const a = createInProcessEngine();
    const b = createInProcessEngine();
    expect((await a.simulate(1, DEFAULT_SCENARIO)).ok).toBe(true);
    // b has simulated nothing: the revision a ran is unknown to it.
    expect(await b.query({ kind: "export", revision: 1, as: "save" })).toEqual({ kind: "stale", revision: 1 });
    expect((await b.simulate(1, OTHER)).ok).toBe(true);
    const fromA = await a.query({ kind: "rows", revision: 1, table: "filter", chain: "INPUT", from: 0, to: 50 });
    const fromB = await b.query({ kind: "rows", revision: 1, table: "filter", chain: "INPUT", from: 0, to: 50 });
    if (fromA.kind !== "rows" || fromB.kind !== "rows") throw new Error("expected rows");
    expect(fromB.rows.map((r) => r.text)).toEqual(["-A INPUT -p udp -j DROP"]);
    expect(fromA.rows.length).toBeGreaterThan(1);
    expect(fromA.rows.map((r) => r.text)).not.toContain("-A INPUT -p udp -j DROP");
  });
});
