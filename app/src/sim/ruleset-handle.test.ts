import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { handleRequest } from "./handle-request";
import type { SimRequest } from "./protocol";
import { createRulesetCache } from "./ruleset-cache";
import { INLINE_RULESET_BYTES, isHandle, type RulesetHandle } from "./ruleset-source";
import { createWorkerEngine, type WorkerLike } from "./worker-engine";

/** A worker that answers through `handleRequest` with its own cache; `crash()` fails it as a dead worker would. */
class FakeWorker implements WorkerLike {
  onmessage: ((ev: MessageEvent<unknown>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  terminated = false;
  readonly sent: SimRequest[] = [];
  readonly cache = createRulesetCache();
  postMessage(msg: SimRequest): void {
    this.sent.push(msg);
    handleRequest(msg, (reply) => queueMicrotask(() => this.onmessage?.({ data: reply } as MessageEvent)), this.cache);
  }
  terminate() {
    this.terminated = true;
  }
  crash() {
    this.onerror?.({ message: "out of memory", preventDefault() {} } as ErrorEvent);
  }
}

/** The default ruleset grown past the inline size by comment lines: a node's dump, as far as the page can tell. */
const BIG = `${DEFAULT_SCENARIO.ruleset}${"# a comment line of padding\n".repeat(40_000)}`;
const RULES = DEFAULT_SCENARIO.ruleset.split("\n").filter((l) => l.startsWith("-A ")).length;

async function openBig() {
  const workers: FakeWorker[] = [];
  const engine = createWorkerEngine({ spawn: () => workers[workers.push(new FakeWorker()) - 1]! });
  const file = new File([BIG], "node.v4");
  const out = await engine.open(file, () => {}).done;
  if (out.kind !== "parsed" || !isHandle(out.ruleset)) throw new Error(`not a handle: ${out.kind}`);
  return { engine, workers, file, handle: out.ruleset };
}

const simulated = (w: FakeWorker) => w.sent.filter((m) => m.type === "simulate");

describe("a large ruleset stays in the worker; the page holds a handle", () => {
  it("a large file opens as a handle on the file itself, with its size, rules and name, never its text", async () => {
    expect(BIG.length).toBeGreaterThan(INLINE_RULESET_BYTES);
    const { engine, file, handle } = await openBig();
    expect(handle).toMatchObject({ kind: "handle", name: "node.v4", bytes: BIG.length, rules: RULES });
    expect(handle.blob).toBe(file);
    expect("text" in handle).toBe(false);
    engine.dispose();
  });

  it("simulations name it by id; a fresh worker after a crash is sent the file, never a text", async () => {
    const { engine, workers, handle } = await openBig();
    const scenario = { ...DEFAULT_SCENARIO, ruleset: handle };
    expect((await engine.simulate(1, scenario)).ok).toBe(true);
    // The worker that opened the file is the engine's now (workers[0]); a crash replaces it.
    const [first] = simulated(workers[0]!);
    expect(first?.type === "simulate" && first.ruleset).toEqual({ id: expect.any(Number) });
    workers[0]!.crash();
    const again = await engine.simulate(2, scenario);
    expect(again.ok).toBe(true);
    const [resent] = simulated(workers[1]!);
    expect(resent?.type === "simulate" && resent.ruleset.blob).toBe(handle.blob);
    expect(resent?.type === "simulate" && resent.ruleset.text).toBeUndefined();
    engine.dispose();
  });

  it("an edit answers with a new handle (a new Blob and key, the same name), not the text", async () => {
    const { engine, handle } = await openBig();
    const answer = await engine.query({
      kind: "edit",
      ruleset: handle,
      edit: { kind: "create-chain", table: "filter", chain: "NEW-ONE" },
    });
    if (answer.kind !== "edit" || !answer.ok) throw new Error(answer.kind);
    const next = answer.ruleset as RulesetHandle;
    expect(isHandle(next)).toBe(true);
    expect(next).toMatchObject({ name: "node.v4", rules: RULES });
    expect(next.key).not.toBe(handle.key);
    expect(await next.blob.text()).toContain(":NEW-ONE - [0:0]");
    // The worker holds the edited text: the next simulation names it, nothing travels.
    expect((await engine.simulate(3, { ...DEFAULT_SCENARIO, ruleset: next })).ok).toBe(true);
    engine.dispose();
  });

  it("Save as file is built in the worker, as a Blob holding the whole scenario", async () => {
    const { engine, handle } = await openBig();
    const answer = await engine.query({ kind: "scenario-file", scenario: { ...DEFAULT_SCENARIO, ruleset: handle } });
    if (answer.kind !== "file") throw new Error(answer.kind);
    const doc = JSON.parse(await answer.blob.text());
    expect(doc.ruleset).toBe(BIG);
    expect(doc.packets).toEqual(DEFAULT_SCENARIO.packets);
    // Opened again, the file's ruleset stays in the worker too: a handle, named after the file.
    const back = await engine.query({ kind: "read-scenario", file: answer.blob, name: "saved.v4" });
    if (back.kind !== "scenario") throw new Error(back.kind);
    const ruleset = back.scenario.ruleset as RulesetHandle;
    expect(ruleset).toMatchObject({ kind: "handle", name: "saved.v4", bytes: BIG.length, rules: RULES });
    expect(await ruleset.blob.text()).toBe(BIG);
    expect(back.scenario.packets).toEqual(DEFAULT_SCENARIO.packets);
    expect((await engine.simulate(4, back.scenario)).ok).toBe(true);
    engine.dispose();
  });

  it("a scenario file that is not a scenario says why, by path", async () => {
    const { engine } = await openBig();
    const bad = await engine.query({ kind: "read-scenario", file: new Blob(['{"version":1}']), name: "x" });
    expect(bad.kind === "scenario-error" && bad.reason).toBe("invalid");
    const garbage = await engine.query({ kind: "read-scenario", file: new Blob(["{nope"]), name: "x" });
    expect(garbage.kind === "scenario-error" && garbage.reason).toBe("not-json");
    engine.dispose();
  });
});
