import { readFileSync } from "node:fs";
import { readKernelTrace } from "@nfx/kernel-trace";
import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { MAX_RULESET_FILE_BYTES } from "./file-limit";
import { handleRequest } from "./handle-request";
import type { OpenProgress, SimRequest } from "./protocol";
import { createRulesetCache } from "./ruleset-cache";
import { INLINE_RULESET_BYTES } from "./ruleset-source";
import { createWorkerEngine, sizeAllowanceMs, type WorkerLike } from "./worker-engine";

/** A worker that answers through `handleRequest` with its own cache, unless told to hold its `open` answers. */
class FakeWorker implements WorkerLike {
  onmessage: ((ev: MessageEvent<unknown>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  terminated = false;
  readonly sent: SimRequest[] = [];
  readonly cache = createRulesetCache();
  constructor(private readonly holdOpen = false) {}
  postMessage(msg: SimRequest): void {
    this.sent.push(msg);
    if (this.holdOpen && msg.type === "open") return;
    handleRequest(msg, (reply) => queueMicrotask(() => this.onmessage?.({ data: reply } as MessageEvent)), this.cache);
  }
  terminate() {
    this.terminated = true;
  }
}

const OTHER = "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n";

describe("opening a file in a worker of its own", () => {
  it("reports progress, then the opening worker holds the text and answers what follows", async () => {
    const workers: FakeWorker[] = [];
    const engine = createWorkerEngine({ spawn: () => workers[workers.push(new FakeWorker()) - 1]! });
    expect((await engine.simulate(1, DEFAULT_SCENARIO)).ok).toBe(true);
    const seen: OpenProgress[] = [];
    const out = await engine.open(new Blob([OTHER]), (p) => seen.push(p)).done;
    expect(out.kind === "parsed" && out.ruleset).toBe(OTHER);
    expect(out.kind === "parsed" && out.parse.ruleCount).toBe(1);
    expect(seen.map((p) => p.phase)).toEqual(["reading", "parsing"]);
    expect(seen[0]).toMatchObject({ bytes: OTHER.length, total: OTHER.length, rules: 1 });
    // The first worker is gone; the second simulates the opened text by name, without a copy.
    expect(workers[0]!.terminated).toBe(true);
    expect((await engine.simulate(2, { ...DEFAULT_SCENARIO, ruleset: OTHER })).ok).toBe(true);
    const sim = workers[1]!.sent.find((m) => m.type === "simulate");
    expect(sim?.type === "simulate" && sim.ruleset.text).toBeUndefined();
    engine.dispose();
  });

  it("cancelled mid-way, drops only the opening worker: the ruleset in force is still answered", async () => {
    const workers: FakeWorker[] = [];
    const engine = createWorkerEngine({
      spawn: () => workers[workers.push(new FakeWorker(workers.length > 0)) - 1]!,
    });
    expect((await engine.simulate(1, DEFAULT_SCENARIO)).ok).toBe(true);
    const opening = engine.open(new Blob([OTHER]), () => {});
    opening.cancel();
    expect((await opening.done).kind).toBe("cancelled");
    expect(workers[1]!.terminated).toBe(true);
    expect(workers[0]!.terminated).toBe(false);
    // The current worker still holds the ruleset of revision 1: rows come from it, no text sent again.
    const rows = await engine.query({ kind: "rows", revision: 1, table: "filter", chain: "INPUT", from: 0, to: 1 });
    expect(rows.kind).toBe("rows");
    engine.dispose();
  });

  it("cancelled after the parse has ended, before its answer is read: the answer is ignored", async () => {
    const workers: FakeWorker[] = [];
    const engine = createWorkerEngine({ spawn: () => workers[workers.push(new FakeWorker()) - 1]! });
    expect((await engine.simulate(1, DEFAULT_SCENARIO)).ok).toBe(true);
    // The opening worker's replies wait in its queue, as a message does while the page is busy.
    // A large file, which the opening worker would keep as the engine's once its answer is read.
    const large = `${"# padding\n".repeat(INLINE_RULESET_BYTES / 10 + 1)}${OTHER}`;
    const queued: unknown[] = [];
    const opening = engine.open(new Blob([large]), () => {});
    const candidate = workers[1]!;
    const deliver = candidate.onmessage!;
    candidate.onmessage = (ev) => void queued.push(ev.data);
    await expect.poll(() => queued.some((m) => (m as { type?: string }).type === "answer")).toBe(true);
    opening.cancel();
    for (const data of queued) deliver({ data } as MessageEvent);
    expect((await opening.done).kind).toBe("cancelled");
    expect(candidate.terminated).toBe(true);
    expect(workers[0]!.terminated).toBe(false);
    const rows = await engine.query({ kind: "rows", revision: 1, table: "filter", chain: "INPUT", from: 0, to: 1 });
    expect(rows.kind === "rows" && rows.rows.length).toBe(1);
    engine.dispose();
  });

  it("reads a kernel trace against a ruleset the worker holds, as against its text", async () => {
    const fixture = (name: string) =>
      readFileSync(new URL(`../../../packages/kernel-trace/test/fixtures/${name}`, import.meta.url), "utf8");
    const rules = fixture("iptables.iptables-save.txt");
    const trace = fixture("iptables.xtables-monitor.txt");
    // Comment lines make it a node-sized file, which the page holds only as a handle.
    const large = `${"# padding\n".repeat(INLINE_RULESET_BYTES / 10 + 1)}${rules}`;
    const workers: FakeWorker[] = [];
    const engine = createWorkerEngine({ spawn: () => workers[workers.push(new FakeWorker()) - 1]! });
    const opened = await engine.open(new Blob([large]), () => {}).done;
    expect(opened.kind === "parsed" && typeof opened.ruleset).toBe("object");
    if (opened.kind !== "parsed") return;
    const a = await engine.query({ kind: "kernel-trace", trace, ruleset: opened.ruleset });
    expect(a.kind).toBe("kernel-trace");
    const steps = (t: { packets: readonly { steps: readonly { step: string }[] }[] }) =>
      t.packets.map((p) => p.steps.map((s) => s.step));
    const expected = steps(readKernelTrace(trace, { ruleset: rules }));
    expect(expected.flat().length).toBeGreaterThan(3);
    expect(a.kind === "kernel-trace" && steps(a.trace)).toEqual(expected);
    // The text stayed in the worker: the query named it.
    const sent = workers.at(-1)!.sent.find((m) => m.type === "query" && m.query.kind === "kernel-trace");
    expect(sent?.type === "query" && sent.query.kind === "kernel-trace" && sent.query.ruleset.text).toBeUndefined();
    engine.dispose();
  });

  it("refuses a file larger than a browser's longest text before reading it", async () => {
    let spawned = 0;
    const engine = createWorkerEngine({
      spawn: () => {
        spawned++;
        return new FakeWorker();
      },
    });
    const huge = { size: MAX_RULESET_FILE_BYTES + 1 } as Blob;
    const out = await engine.open(huge, () => {}).done;
    expect(out).toEqual({ kind: "too-large", bytes: MAX_RULESET_FILE_BYTES + 1, limit: MAX_RULESET_FILE_BYTES });
    expect(spawned).toBe(0);
  });

  it("keeps the worker in force when the file is the ruleset it already holds", async () => {
    const workers: FakeWorker[] = [];
    const engine = createWorkerEngine({ spawn: () => workers[workers.push(new FakeWorker()) - 1]! });
    expect((await engine.simulate(1, DEFAULT_SCENARIO)).ok).toBe(true);
    const out = await engine.open(new Blob([DEFAULT_SCENARIO.ruleset]), () => {}).done;
    expect(out.kind).toBe("parsed");
    expect(workers.map((w) => w.terminated)).toEqual([false, true]);
    const rows = await engine.query({ kind: "rows", revision: 1, table: "filter", chain: "INPUT", from: 0, to: 1 });
    expect(rows.kind).toBe("rows");
    engine.dispose();
  });

  it("keeps a file with errors out of the engine: the worker in force stays", async () => {
    const workers: FakeWorker[] = [];
    const engine = createWorkerEngine({ spawn: () => workers[workers.push(new FakeWorker()) - 1]! });
    expect((await engine.simulate(1, DEFAULT_SCENARIO)).ok).toBe(true);
    const out = await engine.open(new Blob(["*filter\n-A NOPE -j ACCEPT\n"]), () => {}).done;
    expect(out.kind === "parsed" && out.parse.diagnostics.some((d) => d.severity === "error")).toBe(true);
    expect(workers[0]!.terminated).toBe(false);
    expect(workers[1]!.terminated).toBe(true);
    engine.dispose();
  });
});

describe("the time limit of a simulation", () => {
  it("grows with the ruleset's size, and a timeout says the limit that applied", async () => {
    const limits: number[] = [];
    const fire: (() => void)[] = [];
    const hang = new FakeWorker(true);
    hang.postMessage = (msg) => void hang.sent.push(msg); // never answers
    const engine = createWorkerEngine({
      spawn: () => hang,
      timeoutMs: 8000,
      setTimer: (fn, ms) => {
        limits.push(ms);
        fire.push(fn);
      },
      clearTimer: () => {},
    });
    const node = `${DEFAULT_SCENARIO.ruleset}${"#\n".repeat(5_000_000)}`; // 10 MB of text
    const small = engine.simulate(1, DEFAULT_SCENARIO);
    const large = engine.simulate(2, { ...DEFAULT_SCENARIO, ruleset: node });
    expect(limits[0]).toBe(8000);
    expect(limits[1]).toBeGreaterThanOrEqual(8000 + sizeAllowanceMs(10_000_000));
    expect(sizeAllowanceMs(75_000_000)).toBe(30_000);
    fire[1]!();
    const answer = await large;
    expect(!answer.ok && answer.error).toEqual({ code: "timeout", ms: limits[1] });
    engine.dispose();
    void small;
  });
});
