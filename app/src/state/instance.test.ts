import { describe, expect, it } from "vitest";
import { stringsFor } from "../i18n";
import { frameText, verdictLabel } from "../playback/frame-text";
import { DEFAULT_SCENARIO } from "../scenario/default";
import type { Engine } from "../sim/engine";
import { createInProcessEngine } from "../sim/in-process";
import { selectCellCounts, selectCurrentFrame, selectFrames } from "./selectors";
import { type AppStore, createAppStore } from "./store";

async function settled(store: AppStore) {
  for (let i = 0; i < 50 && store.getState().status !== "idle"; i++) await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 0));
}

/** The in-process engine, counting what the store asks of it. */
function countingEngine() {
  const real = createInProcessEngine();
  const asked = { simulate: 0, query: 0 };
  const engine: Engine = {
    simulate: (rev, sc, pins) => {
      asked.simulate++;
      return real.simulate(rev, sc, pins);
    },
    query: (q) => {
      asked.query++;
      return real.query(q);
    },
    open: (file, onProgress) => real.open(file, onProgress),
    stop: () => {},
    dispose: () => {},
  };
  return { engine, asked };
}

describe("one app instance's state", () => {
  it("switches language without asking the engine again, and keeps the playback position", async () => {
    const { engine, asked } = countingEngine();
    const store = createAppStore({ engine, scenario: DEFAULT_SCENARIO, animate: false });
    await settled(store);
    const frames = selectFrames(store.getState());
    const at = frames.findIndex((f) => f.line === "filter:INPUT:rule:4:ACCEPT");
    store.getState().setCursor(at);
    const before = { ...asked };
    const frame = selectCurrentFrame(store.getState())!;
    const en = frameText(stringsFor(store.getState().lang), frame.say);

    store.getState().setLang("zh");
    await settled(store);

    expect(asked).toEqual(before);
    const s = store.getState();
    expect(s.lang).toBe("zh");
    expect(s.cursor).toBe(at);
    expect(selectFrames(s)).toBe(frames); // the same frames, not computed again
    const zh = frameText(stringsFor(s.lang), selectCurrentFrame(s)!.say);
    expect(en).toBe(stringsFor("en").step.chainRule("filter", "INPUT", "INPUT", 4, "ACCEPT"));
    expect(zh).not.toBe(en);
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(verdictLabel(stringsFor("zh"), { kind: "deliver", detail: "" })).toBe(stringsFor("zh").verdict.delivered);
  });

  it("two stores share neither language, messages, links nor memos", async () => {
    const a = createAppStore({ engine: createInProcessEngine(), scenario: DEFAULT_SCENARIO, animate: false });
    const b = createAppStore({ engine: createInProcessEngine(), scenario: DEFAULT_SCENARIO, animate: false });
    await Promise.all([settled(a), settled(b)]);
    a.getState().setLang("zh");
    a.getState().showMessage({ kind: "info", what: "file-opened", file: "x.json" });
    a.getState().markLinked(a.getState().scenario);
    expect(b.getState().lang).toBe("en");
    expect(b.getState().message).toBeNull();
    expect(b.getState().linked).toBeNull();

    expect(a.getState().memo).not.toBe(b.getState().memo);
    // The same scenario on two engines: equal frames, each store's own.
    expect(selectFrames(a.getState())).not.toBe(selectFrames(b.getState()));
    expect(selectFrames(a.getState()).map((f) => f.line)).toEqual(selectFrames(b.getState()).map((f) => f.line));
    // The per-cell counter memo of one store does not answer for the other's cursor.
    const last = selectFrames(a.getState()).length - 1;
    a.getState().setCursor(last);
    const countsA = selectCellCounts(a.getState());
    const countsB = selectCellCounts(b.getState());
    expect(countsB).not.toBe(countsA);
    expect([...countsB.values()].reduce((x, y) => x + y, 0)).toBeLessThan(
      [...countsA.values()].reduce((x, y) => x + y, 0),
    );
  });

  it("plays the packet just sent in one store, not in another", async () => {
    const a = createAppStore({ engine: createInProcessEngine(), scenario: DEFAULT_SCENARIO, animate: false });
    const b = createAppStore({ engine: createInProcessEngine(), scenario: DEFAULT_SCENARIO, animate: false });
    await Promise.all([settled(a), settled(b)]);
    a.getState().sendPacket({
      from: "eth0",
      proto: "udp",
      src: "198.51.100.9",
      sport: 5,
      dst: "203.0.113.1",
      dport: 53,
    });
    b.getState().setRuleset(`${DEFAULT_SCENARIO.ruleset}\n`);
    await Promise.all([settled(a), settled(b)]);
    expect(selectCurrentFrame(a.getState())!.item).toBe(a.getState().knownItems - 1);
    expect(b.getState().cursor).toBe(0);
  });
});
