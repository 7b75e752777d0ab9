import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { createInProcessEngine } from "../sim/in-process";
import { createAppStore } from "./store";

/** Line 6 has a port iptables refuses; only the full check of each rule line finds it, not the index. */
const LATE_ERROR = [
  "*filter",
  ":INPUT ACCEPT [0:0]",
  ":FORWARD ACCEPT [0:0]",
  ":OUTPUT ACCEPT [0:0]",
  "-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT",
  "-A INPUT -p tcp -m tcp --dport 99999 -j ACCEPT",
  "COMMIT",
  "",
].join("\n");

const tick = () => new Promise((r) => setTimeout(r, 0));

/** The store on an engine that checks rulesets in the background, as the worker does; `run` drains its queue. */
function harness(ruleset: string) {
  const queue: (() => void)[] = [];
  // Checked in the background whatever its size, as a node's dump is.
  const engine = createInProcessEngine({ later: (fn) => queue.push(fn), parsesWhole: () => false });
  const store = createAppStore({ engine, scenario: { ...DEFAULT_SCENARIO, ruleset }, animate: false });
  const run = async () => {
    while (queue.length) queue.shift()!();
    for (let i = 0; i < 20; i++) await tick();
  };
  return { store, run };
}

describe("the background check of a ruleset", () => {
  it("shows the simulation before the check ends, then says the kernel refuses the file, with line and column", async () => {
    const { store, run } = harness(LATE_ERROR);
    for (let i = 0; i < 20 && !store.getState().view; i++) await tick();
    const first = store.getState();
    expect(first.view).not.toBeNull();
    expect(first.validation).toEqual({ state: "running", done: 0, total: 2 });
    expect(first.view!.diagnostics).toEqual([]);

    await run();
    const s = store.getState();
    expect(s.validation).toEqual({ state: "done", errors: 1 });
    // Simulated again: the view carries the error the kernel's tool would report, where it would report it.
    expect(s.viewRevision).toBe(first.viewRevision + 1);
    expect(s.view!.validation).toEqual({ state: "done", errors: 1 });
    expect(s.view!.diagnostics).toMatchObject([{ severity: "error", line: 6, column: 32, code: "bad-port" }]);
    // As the parser leaves the refused line out, so does the view (the simulation runs the rest).
    expect(s.view!.ruleCount).toBe(1);
  });

  it("ends quietly for a clean ruleset: no second simulation, no errors", async () => {
    const clean = LATE_ERROR.replace("99999", "80");
    const { store, run } = harness(clean);
    for (let i = 0; i < 20 && !store.getState().view; i++) await tick();
    const revision = store.getState().viewRevision;
    expect(store.getState().validation?.state).toBe("running");
    await run();
    expect(store.getState().validation).toEqual({ state: "done", errors: 0 });
    expect(store.getState().viewRevision).toBe(revision);
    expect(store.getState().view!.diagnostics).toEqual([]);
  });
});
