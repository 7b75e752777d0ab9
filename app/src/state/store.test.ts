import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "../scenario/default";
import type { Engine } from "../sim/engine";
import { createInProcessEngine } from "../sim/in-process";
import type { SimAnswer } from "../sim/protocol";
import { selectCurrentFrame, selectFrames, selectIdle, selectItems } from "./selectors";
import { type AppStore, createAppStore } from "./store";

/** Headless harness: the real store on the real engine, in-process, spoken to in user actions. */
async function settled(store: AppStore) {
  for (let i = 0; i < 50 && store.getState().status !== "idle"; i++) await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 0));
}

function app(engine: Engine = createInProcessEngine()) {
  return createAppStore({ engine, scenario: DEFAULT_SCENARIO, animate: false });
}

describe("app store on the in-process engine", () => {
  it("computes the default scenario: ssh SYN delivered with a SYN-ACK answer, telnet dropped", async () => {
    const store = app();
    await settled(store);
    const s = store.getState();
    expect(selectIdle(s)).toBe(true);
    const items = selectItems(s);
    expect(items.map((i) => i.tag)).toEqual(["#1", "#1↩", "#2", "#3", "#4"]);
    expect(items[1]!.start).toBe("local");
    expect(s.view!.result.packets.map((p) => p.fate)).toEqual(["local", "forwarded", "forwarded", "dropped"]);
  });

  it("sends a packet, moves playback to it, and steps to filter INPUT and back", async () => {
    const store = app();
    await settled(store);
    store.getState().sendPacket({
      from: "eth0",
      proto: "tcp",
      src: "198.51.100.9",
      sport: 1234,
      dst: "203.0.113.1",
      dport: 22,
      flags: "S",
    });
    await settled(store);
    let f = selectCurrentFrame(store.getState())!;
    expect(selectItems(store.getState())[f.item]!.tag).toBe("#5");
    expect(f.node).toBe("if_in");
    while (selectCurrentFrame(store.getState())!.node !== "in.filter") store.getState().stepForward();
    f = selectCurrentFrame(store.getState())!;
    expect(f.line).toBe("filter:INPUT:rule:4:ACCEPT");
    expect(store.getState().selected).toEqual({ table: "filter", chain: "INPUT", hook: "INPUT" });
    store.getState().stepBack();
    expect(selectCurrentFrame(store.getState())!.node).toBe("in.mangle");
  });

  it("relabels the packet where DNAT rewrites it", async () => {
    const store = app();
    await settled(store);
    const frames = selectFrames(store.getState());
    const nat = frames.find((f) => f.nat?.manip === "DNAT")!;
    expect(nat.node).toBe("pre.nat");
    expect(nat.header).toBe("tcp 198.51.100.20:40001 > 192.168.1.10:80");
    expect(frames[nat.index - 1]!.header).toBe("tcp 198.51.100.20:40001 > 203.0.113.1:8080");
  });

  it("jumps to the verdict of a dropped packet: filter INPUT policy DROP", async () => {
    const store = app();
    await settled(store);
    store.getState().playItem(selectItems(store.getState()).findIndex((i) => i.tag === "#4"));
    store.getState().jumpToVerdict();
    const f = selectCurrentFrame(store.getState())!;
    expect(f.node).toBe("in.filter");
    expect(f.verdict?.tone).toBe("drop");
    expect(f.last).toBe(true);
  });

  it("drops a stale answer when a newer edit is on its way", async () => {
    const real = createInProcessEngine();
    const gates: (() => void)[] = [];
    const slow: Engine = {
      simulate: (rev, sc) =>
        new Promise<SimAnswer>((resolve) => gates.push(() => void real.simulate(rev, sc).then(resolve))),
      query: (q) => real.query(q),
      open: (file, onProgress) => real.open(file, onProgress),
      stop: () => {},
      dispose: () => {},
    };
    const store = app(slow);
    store.getState().setRuleset("*filter\n:INPUT DROP [0:0]\nCOMMIT\n"); // revision 1
    store.getState().setRuleset(DEFAULT_SCENARIO.ruleset); // revision 2
    gates[1]!(); // revision 1 answers first
    await new Promise((r) => setTimeout(r, 0));
    expect(store.getState().view).toBeNull();
    gates[2]!();
    gates[0]!();
    await settled(store);
    expect(store.getState().viewRevision).toBe(2);
  });
});

/**
 * An engine on which scenarios named "slow" never finish in time: they answer `timeout` (as the worker engine
 * does when it cancels one), unless run without a limit, when they wait for `stop`.
 */
function slowEngine() {
  const real = createInProcessEngine();
  const calls: string[] = [];
  let stopped: (() => void) | null = null;
  const engine: Engine = {
    simulate: (rev, sc, pins, limit = "limited") => {
      const name = (sc as { name?: string }).name ?? "";
      calls.push(`${name}:${limit}`);
      if (name !== "slow") return real.simulate(rev, sc, pins);
      if (limit === "limited")
        return Promise.resolve({ ok: false, revision: rev, error: { code: "timeout", ms: 8000 } });
      return new Promise<SimAnswer>((resolve) => {
        stopped = () => resolve({ ok: false, revision: rev, error: { code: "stopped" } });
      });
    },
    query: (q) => real.query(q),
    open: (file, onProgress) => real.open(file, onProgress),
    stop: () => stopped?.(),
    dispose: () => {},
  };
  return { engine, calls };
}

describe("a computation that does not finish", () => {
  const slow = { ...DEFAULT_SCENARIO, name: "slow", packets: DEFAULT_SCENARIO.packets.slice(0, 1) };

  it("is set aside, not retried: the previous work comes back and stays computed", async () => {
    const { engine, calls } = slowEngine();
    const store = app(engine);
    await settled(store);
    store.getState().removePacket(3);
    await settled(store);
    store.getState().resetScenario(slow);
    await settled(store);
    const s = store.getState();
    expect(s.held).toEqual({ scenario: slow, reason: { code: "timeout", ms: 8000 } });
    expect(s.scenario.packets).toHaveLength(3); // the work before it, with its edit
    expect(s.viewRevision).toBe(s.revision);
    expect(selectIdle(s)).toBe(true);
    expect(calls.filter((c) => c.startsWith("slow"))).toEqual(["slow:limited"]);

    store.getState().dropHeld();
    expect(store.getState().held).toBeNull();
    expect(store.getState().scenario.packets).toHaveLength(3);
  });

  it("opens anyway without a limit, and a stop sets it aside again", async () => {
    const { engine, calls } = slowEngine();
    const store = app(engine);
    await settled(store);
    store.getState().resetScenario(slow);
    await settled(store);
    store.getState().openHeld();
    expect(store.getState()).toMatchObject({ held: null, unlimited: true, status: "busy" });
    expect(store.getState().scenario.name).toBe("slow");
    store.getState().stop();
    await settled(store);
    expect(store.getState()).toMatchObject({ unlimited: false, held: { reason: { code: "stopped" } } });
    expect(store.getState().scenario).toEqual(DEFAULT_SCENARIO);
    expect(calls.filter((c) => c.startsWith("slow"))).toEqual(["slow:limited", "slow:unlimited"]);
  });

  it("an edit made while it runs without a limit stops it", async () => {
    const { engine } = slowEngine();
    const store = app(engine);
    await settled(store);
    store.getState().resetScenario(slow);
    await settled(store);
    store.getState().openHeld();
    store.getState().resetScenario(DEFAULT_SCENARIO);
    await settled(store);
    expect(store.getState()).toMatchObject({ unlimited: false, held: null, status: "idle" });
    expect(store.getState().viewRevision).toBe(store.getState().revision);
  });

  it("held at the very first computation (a slow link), the fallback is shown instead", async () => {
    const { engine } = slowEngine();
    const store = createAppStore({ engine, scenario: slow, fallback: DEFAULT_SCENARIO, animate: false });
    await settled(store);
    await settled(store);
    expect(store.getState().held?.scenario).toEqual(slow);
    expect(store.getState().scenario).toEqual(DEFAULT_SCENARIO);
    expect(selectIdle(store.getState())).toBe(true);
  });

  it("a scenario held by an earlier session is offered, not run", async () => {
    const { engine, calls } = slowEngine();
    const held = { scenario: slow, reason: { code: "timeout", ms: 8000 } } as const;
    const store = createAppStore({ engine, scenario: DEFAULT_SCENARIO, held, animate: false });
    await settled(store);
    expect(store.getState().held).toEqual(held);
    expect(calls).toEqual(["home-router:limited"]);
  });
});
