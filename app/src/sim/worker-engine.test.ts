import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { computeSimulation } from "./compute";
import { handleRequest } from "./handle-request";
import { isSimRequest, isSimResponse, PROTOCOL_VERSION, type SimRequest, type SimResponse } from "./protocol";
import { createRulesetCache } from "./ruleset-cache";
import { createWorkerEngine, type WorkerLike } from "./worker-engine";

/** A worker that answers through computeSimulation, or hangs, or crashes, as a test asks. */
class FakeWorker implements WorkerLike {
  onmessage: ((ev: MessageEvent<unknown>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  terminated = false;
  sent: SimRequest[] = [];
  /** Its own, as a real worker's: a fresh worker holds no texts. */
  readonly cache = createRulesetCache();
  constructor(private readonly mode: "answer" | "hang" | "manual") {}
  postMessage(msg: SimRequest): void {
    this.sent.push(msg);
    if (this.mode !== "answer") return;
    handleRequest(msg, (reply) => queueMicrotask(() => this.reply(reply)), this.cache);
  }
  reply(msg: unknown) {
    this.onmessage?.({ data: msg } as MessageEvent<unknown>);
  }
  crash() {
    this.onerror?.({ message: "boom", preventDefault() {} } as ErrorEvent);
  }
  terminate() {
    this.terminated = true;
  }
}

function manualTimers() {
  const timers: (() => void)[] = [];
  return {
    setTimer: (fn: () => void) => timers.push(fn),
    clearTimer: () => {},
    fire: () => {
      for (const f of timers.splice(0)) f();
    },
  };
}

describe("protocol", () => {
  it("recognises its own messages and rejects other versions", () => {
    const req: SimRequest = {
      v: PROTOCOL_VERSION,
      id: 1,
      type: "simulate",
      revision: 0,
      scenario: {},
      ruleset: { id: 1, text: "" },
      pins: {},
    };
    expect(isSimRequest(req)).toBe(true);
    expect(isSimRequest({ ...req, v: 99 })).toBe(false);
    expect(isSimRequest({ ...req, type: "ping" })).toBe(false);
    const res: SimResponse = {
      v: PROTOCOL_VERSION,
      id: 1,
      type: "error",
      revision: 0,
      error: { code: "timeout", ms: 5 },
    };
    expect(isSimResponse(res)).toBe(true);
    expect(isSimResponse({ ...res, type: "pong" })).toBe(false);
    expect(isSimResponse(null)).toBe(false);
    expect(isSimResponse({ v: 1, id: "x", type: "result" })).toBe(false);
  });

  it("returns an invalid scenario as a value, with paths", () => {
    const a = computeSimulation(3, { version: 1, host: {}, ruleset: "", packets: [] });
    expect(a.ok).toBe(false);
    if (!a.ok) {
      expect(a.revision).toBe(3);
      expect(a.error.code).toBe("invalid-scenario");
    }
  });
});

describe("createWorkerEngine", () => {
  it("answers with the revision it was asked for", async () => {
    const engine = createWorkerEngine({ spawn: () => new FakeWorker("answer") });
    const a = await engine.simulate(7, DEFAULT_SCENARIO);
    expect(a.ok).toBe(true);
    expect(a.revision).toBe(7);
    if (a.ok) expect(a.view.result.packets).toHaveLength(DEFAULT_SCENARIO.packets.length);
    engine.dispose();
  });

  it("cancels a runaway computation: terminates, reports a timeout, and uses a fresh worker next", async () => {
    const workers: FakeWorker[] = [];
    const timers = manualTimers();
    const restarts: string[] = [];
    const engine = createWorkerEngine({
      spawn: () => {
        const w = new FakeWorker(workers.length === 0 ? "hang" : "answer");
        workers.push(w);
        return w;
      },
      timeoutMs: 50,
      setTimer: timers.setTimer,
      clearTimer: timers.clearTimer,
      onRestart: (why) => restarts.push(why),
    });
    const pending = engine.simulate(1, DEFAULT_SCENARIO);
    timers.fire();
    const a = await pending;
    expect(a).toMatchObject({ ok: false, revision: 1, error: { code: "timeout", ms: 50 } });
    expect(workers[0]!.terminated).toBe(true);
    expect(restarts).toEqual(["timeout"]);
    const b = await engine.simulate(2, DEFAULT_SCENARIO);
    expect(b.ok).toBe(true);
    expect(workers).toHaveLength(2);
  });

  it("fails only the runaway request: one queued behind it goes to the fresh worker; nothing is retried", async () => {
    const workers: FakeWorker[] = [];
    const timers: { fn: () => void; id: number }[] = [];
    const engine = createWorkerEngine({
      spawn: () => {
        const w = new FakeWorker(workers.length === 0 ? "hang" : "answer");
        workers.push(w);
        return w;
      },
      timeoutMs: 50,
      setTimer: (fn) => timers.push({ fn, id: timers.length }),
      clearTimer: () => {},
    });
    const runaway = engine.simulate(1, { ...DEFAULT_SCENARIO, name: "runaway" });
    const queued = engine.query({ kind: "parse", text: DEFAULT_SCENARIO.ruleset });
    timers[0]!.fn(); // the first request's timer
    expect(await runaway).toMatchObject({ ok: false, error: { code: "timeout" } });
    expect((await queued).kind).toBe("parse");
    expect(workers).toHaveLength(2);
    // The fresh worker got the query again, with the ruleset in full, and never the runaway simulation.
    expect(workers[1]!.sent.map((m) => m.type)).toEqual(["query"]);
    engine.dispose();
  });

  it("runs without a time limit when asked, until stopped", async () => {
    const workers: FakeWorker[] = [];
    const timers = manualTimers();
    const engine = createWorkerEngine({
      spawn: () => {
        const w = new FakeWorker(workers.length === 0 ? "hang" : "answer");
        workers.push(w);
        return w;
      },
      timeoutMs: 50,
      setTimer: timers.setTimer,
      clearTimer: timers.clearTimer,
    });
    const pending = engine.simulate(1, DEFAULT_SCENARIO, {}, "unlimited");
    timers.fire(); // no timer was set for it
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toBe(false);
    engine.stop();
    expect(await pending).toMatchObject({ ok: false, revision: 1, error: { code: "stopped" } });
    expect(workers[0]!.terminated).toBe(true);
    expect((await engine.simulate(2, DEFAULT_SCENARIO)).ok).toBe(true);
    engine.dispose();
  });

  it("restarts after a crash and resolves pending requests with an error value", async () => {
    const workers: FakeWorker[] = [];
    const engine = createWorkerEngine({
      spawn: () => {
        const w = new FakeWorker(workers.length === 0 ? "manual" : "answer");
        workers.push(w);
        return w;
      },
    });
    const pending = engine.simulate(1, DEFAULT_SCENARIO);
    workers[0]!.crash();
    expect(await pending).toMatchObject({ ok: false, error: { code: "worker-crashed" } });
    expect((await engine.simulate(2, DEFAULT_SCENARIO)).ok).toBe(true);
    engine.dispose();
  });

  it("ignores messages of another protocol version", async () => {
    const w = new FakeWorker("manual");
    const engine = createWorkerEngine({ spawn: () => w });
    const pending = engine.simulate(1, DEFAULT_SCENARIO);
    w.reply({ v: 99, id: w.sent[0]!.id, type: "result", revision: 1, view: null });
    const a = computeSimulation(1, DEFAULT_SCENARIO);
    if (!a.ok) throw new Error("default scenario must simulate");
    w.reply({ v: PROTOCOL_VERSION, id: w.sent[0]!.id, type: "result", revision: 1, view: a.view });
    expect((await pending).ok).toBe(true);
    engine.dispose();
  });

  it("sends a ruleset text once, then names it; a worker that lost it gets it again", async () => {
    const w = new FakeWorker("answer");
    const engine = createWorkerEngine({ spawn: () => w });
    expect((await engine.simulate(1, DEFAULT_SCENARIO)).ok).toBe(true);
    expect((await engine.simulate(2, DEFAULT_SCENARIO)).ok).toBe(true);
    const sims = w.sent.filter((m) => m.type === "simulate");
    expect(sims[0]!.ruleset.text).toBe(DEFAULT_SCENARIO.ruleset);
    expect(sims[1]!.ruleset).toEqual({ id: sims[0]!.ruleset.id });
    expect((sims[1]!.scenario as { ruleset: string }).ruleset).toBe("");
    // An opened file is simulated by name: the worker that read it holds it.
    const lost = new FakeWorker("answer");
    const e2 = createWorkerEngine({ spawn: () => lost });
    const opened = await e2.open(new Blob([DEFAULT_SCENARIO.ruleset]), () => {}).done;
    expect(opened.kind).toBe("parsed");
    expect(lost.sent[0]!.type).toBe("open");
    expect((await e2.simulate(1, DEFAULT_SCENARIO)).ok).toBe(true);
    expect(lost.sent.filter((m) => m.type === "simulate")[0]!.ruleset.text).toBeUndefined();
    engine.dispose();
    e2.dispose();
  });

  it("sends the text again when the worker no longer holds it", async () => {
    const w = new FakeWorker("manual");
    const engine = createWorkerEngine({ spawn: () => w });
    const first = engine.simulate(1, DEFAULT_SCENARIO);
    handleRequest(w.sent[0], (r) => w.reply(r), w.cache);
    await first;
    const second = engine.simulate(2, DEFAULT_SCENARIO);
    const byName = w.sent[1]!;
    if (byName.type !== "simulate") throw new Error("expected a simulation");
    expect(byName.ruleset.text).toBeUndefined();
    w.reply({
      v: PROTOCOL_VERSION,
      id: byName.id,
      type: "error",
      revision: 2,
      error: { code: "missing-text", textId: byName.ruleset.id },
    });
    const again = w.sent[2]!;
    expect(again.type === "simulate" && again.ruleset.text).toBe(DEFAULT_SCENARIO.ruleset);
    handleRequest(again, (r) => w.reply(r), w.cache);
    expect((await second).ok).toBe(true);
    engine.dispose();
  });
  it("carries the scenario's nftables text by reference too, and the worker reads it", async () => {
    const w = new FakeWorker("answer");
    const engine = createWorkerEngine({ spawn: () => w });
    const nftables =
      "table inet fw {\n\tchain input {\n\t\ttype filter hook input priority 10; policy accept;\n\t}\n}\n";
    const scenario = { ...DEFAULT_SCENARIO, nftables };
    const first = await engine.simulate(1, scenario);
    const second = await engine.simulate(2, scenario);
    const sims = w.sent.filter((m) => m.type === "simulate");
    expect(sims[0]!.nftables?.text).toBe(nftables);
    expect(sims[1]!.nftables).toEqual({ id: sims[0]!.nftables!.id });
    expect((sims[1]!.scenario as { nftables: string }).nftables).toBe("");
    for (const a of [first, second]) {
      expect(a.ok && a.view.nft?.tables.map((t) => `${t.family} ${t.name}`)).toEqual(["inet fw"]);
    }
    engine.dispose();
  });
});

describe("the background check's reports", () => {
  it("reach the engine's listeners, from a worker that checks a large ruleset after answering it", async () => {
    // A worker whose cache checks in the background (as worker.ts's), its slices run when the test says.
    const slices: (() => void)[] = [];
    let worker!: FakeWorker;
    const engine = createWorkerEngine({
      spawn: () => {
        worker = new FakeWorker("manual");
        const cache = createRulesetCache({
          later: (fn) => slices.push(fn),
          parsesWhole: () => false,
          onValidation: (revision, status) =>
            worker.reply({ v: PROTOCOL_VERSION, id: 0, type: "validation", revision, status }),
        });
        worker.postMessage = (msg) => handleRequest(msg, (r) => queueMicrotask(() => worker.reply(r)), cache);
        return worker;
      },
    });
    const heard: unknown[] = [];
    engine.onValidation?.((revision, status) => heard.push({ revision, status }));
    const ruleset = [
      "*filter",
      ":INPUT ACCEPT [0:0]",
      ":FORWARD ACCEPT [0:0]",
      ":OUTPUT ACCEPT [0:0]",
      "-A INPUT -p tcp -m tcp --dport 99999 -j ACCEPT",
      "COMMIT",
      "",
    ].join("\n");
    const answer = await engine.simulate(7, { ...DEFAULT_SCENARIO, ruleset });
    expect(answer.ok && answer.view.validation).toMatchObject({ state: "running" });
    while (slices.length) slices.shift()!();
    expect(heard.at(-1)).toEqual({ revision: 7, status: { state: "done", errors: 1 } });
  });
});
