import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { createInProcessEngine } from "../sim/in-process";
import type { RulesetHandle } from "../state/ruleset";
import { createAppStore } from "../state/store";
import { type Channel, startAutosave } from "./autosave";
import { LEGACY_KEY, loadWork, migrateLegacy } from "./load";
import { restoreHandles } from "./work-record";
import { memoryWorkStorage, reopening, type WorkStorage } from "./work-storage";

const tick = () => new Promise((r) => setTimeout(r, 0));
const app = () => createAppStore({ engine: createInProcessEngine(), scenario: DEFAULT_SCENARIO, animate: false });

/** Two channels joined like two tabs' BroadcastChannels: each hears the other, never itself. */
function channelPair(): [Channel, Channel] {
  const make = (): Channel & { peer?: Channel } => ({
    postMessage(msg) {
      const peer = this.peer;
      queueMicrotask(() => peer?.onmessage?.({ data: msg } as MessageEvent<unknown>));
    },
    onmessage: null,
    close() {},
  });
  const a = make();
  const b = make();
  a.peer = b;
  b.peer = a;
  return [a, b];
}

describe("autosave", () => {
  it("saves every change at once: packets, theme, and ruleset text that does not parse", async () => {
    const storage = memoryWorkStorage();
    const store = app();
    const stop = startAutosave(store, { storage, tab: "a", now: () => 5 });
    store.getState().removePacket(0);
    store.getState().setTextDraft("*filter\n-A NOPE -j ACCEPT\n");
    await tick();
    const r = storage.records.get("a")!;
    expect(r.scenario.packets).toHaveLength(DEFAULT_SCENARIO.packets.length - 1);
    expect(r.textDraft).toBe("*filter\n-A NOPE -j ACCEPT\n");
    expect(r.savedAt).toBe(5);
    stop();
  });

  it("writes only the newest state after the one in flight, in order", async () => {
    const storage = memoryWorkStorage();
    const writes: number[] = [];
    const gated: WorkStorage = {
      ...storage,
      put: async (rec) => {
        writes.push(rec.scenario.packets.length);
        await tick();
        await storage.put(rec);
      },
    };
    const store = app();
    const stop = startAutosave(store, { storage: gated, tab: "a" });
    for (let i = 0; i < 3; i++) store.getState().removePacket(0);
    await tick();
    await tick();
    await tick();
    expect(writes).toEqual([3, 1]);
    expect(storage.records.get("a")!.scenario.packets).toHaveLength(1);
    stop();
  });

  it("keeps a 9 MB ruleset (localStorage's limit used to drop the whole scenario)", async () => {
    const storage = memoryWorkStorage();
    const store = app();
    const stop = startAutosave(store, { storage, tab: "a" });
    const big = `${DEFAULT_SCENARIO.ruleset}${"# padding line\n".repeat(650_000)}`;
    store.getState().resetScenario({ ...DEFAULT_SCENARIO, ruleset: big });
    await tick();
    expect(storage.records.get("a")!.scenario.ruleset.length).toBeGreaterThan(9_000_000);
    expect(storage.records.get("a")!.scenario.packets).toHaveLength(DEFAULT_SCENARIO.packets.length);
    stop();
  });

  it("says why a save failed (full storage), and saves again when the notice is dismissed", async () => {
    const storage = memoryWorkStorage();
    let full = true;
    const failing: WorkStorage = {
      ...storage,
      put: async (rec) => {
        if (full) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        await storage.put(rec);
      },
    };
    const store = app();
    const stop = startAutosave(store, { storage: failing, tab: "a" });
    store.getState().removePacket(0);
    await tick();
    expect(store.getState().persist.failure).toMatchObject({ reason: "quota" });
    expect(storage.records.size).toBe(0);
    full = false;
    store.getState().setPersist({ failure: null }); // "Try again"
    await tick();
    expect(store.getState().persist.failure).toBeNull();
    expect(storage.records.get("a")!.scenario.packets).toHaveLength(DEFAULT_SCENARIO.packets.length - 1);
    stop();
  });

  it("two tabs keep their own work, and each is told when the other saved", async () => {
    const storage = memoryWorkStorage();
    const [ca, cb] = channelPair();
    const a = app();
    const b = app();
    const stopA = startAutosave(a, { storage, tab: "a", channel: ca, now: () => 10 });
    const stopB = startAutosave(b, { storage, tab: "b", channel: cb, now: () => 20 });
    await tick();
    a.getState().removePacket(0);
    b.getState().removePacket(3);
    await tick();
    await tick();
    expect(storage.records.get("a")!.scenario.packets[0]).toEqual(DEFAULT_SCENARIO.packets[1]);
    expect(storage.records.get("b")!.scenario.packets[0]).toEqual(DEFAULT_SCENARIO.packets[0]);
    expect(a.getState().persist.otherTab).toBe(20);
    expect(b.getState().persist.otherTab).toBe(10);
    // A reload of tab a opens a's work; a new tab opens the newest (b's).
    expect((await loadWork(storage, "a"))!.scenario.packets[0]).toEqual(DEFAULT_SCENARIO.packets[1]);
    expect((await loadWork(storage, "new"))!.tab).toBe("b");
    stopA();
    stopB();
  });

  it("a duplicated tab (same id) takes a new one, so the two do not overwrite each other", async () => {
    const storage = memoryWorkStorage();
    const [ca, cb] = channelPair();
    const stopA = startAutosave(app(), { storage, tab: "same", channel: ca });
    await tick(); // the first tab was open long before
    const dup = app();
    const stopB = startAutosave(dup, { storage, tab: "same", channel: cb });
    await tick();
    await tick();
    dup.getState().removePacket(0);
    await tick();
    expect([...storage.records.keys()].filter((k) => k !== "same")).toHaveLength(1);
    stopA();
    stopB();
  });
});

describe("loading and migration", () => {
  it("moves a localStorage autosave into this tab's record once, then removes it", async () => {
    const storage = memoryWorkStorage();
    const m = new Map([[LEGACY_KEY, JSON.stringify({ v: 1, scenario: DEFAULT_SCENARIO, lang: "zh", theme: "dark" })]]);
    const kv = { getItem: (k: string) => m.get(k) ?? null, removeItem: (k: string) => void m.delete(k) };
    const r = await migrateLegacy(storage, kv, "t", 7);
    expect(r).toMatchObject({ tab: "t", savedAt: 7, lang: "zh", theme: "dark", scenario: DEFAULT_SCENARIO });
    expect(m.size).toBe(0);
    expect((await loadWork(storage, "t"))!.lang).toBe("zh");
    expect(await migrateLegacy(storage, kv, "t", 8)).toBeNull();
  });

  it("keeps the old key when the move fails", async () => {
    const m = new Map([[LEGACY_KEY, JSON.stringify({ v: 1, scenario: DEFAULT_SCENARIO })]]);
    const kv = { getItem: (k: string) => m.get(k) ?? null, removeItem: (k: string) => void m.delete(k) };
    const full: WorkStorage = {
      ...memoryWorkStorage(),
      put: () => Promise.reject(new DOMException("full", "QuotaExceededError")),
    };
    await expect(migrateLegacy(full, kv, "t", 1)).rejects.toThrow("full");
    expect(m.size).toBe(1);
  });

  it("skips unreadable records and opens the newest readable one", async () => {
    const storage = memoryWorkStorage();
    await storage.put({
      v: 2,
      tab: "old",
      savedAt: 1,
      scenario: DEFAULT_SCENARIO,
      textDraft: null,
      nftDraft: null,
      held: null,
      lang: null,
      theme: null,
    });
    storage.records.set("bad", { tab: "bad", savedAt: 9, scenario: { version: 1 } } as never);
    expect((await loadWork(storage, "x"))!.tab).toBe("old");
  });

  it("storage that failed to open is tried again at the next save", async () => {
    const inner = memoryWorkStorage();
    let tries = 0;
    const s = reopening(async () => {
      tries++;
      if (tries === 1) throw new DOMException("blocked", "SecurityError");
      return inner;
    });
    await expect(s.list()).rejects.toThrow("blocked");
    expect(await s.list()).toEqual([]);
    expect(tries).toBe(2);
  });
});

describe("a large ruleset held by a handle", () => {
  const big = `${DEFAULT_SCENARIO.ruleset}${"# padding\n".repeat(120_000)}`;
  const handle = (): RulesetHandle => ({
    kind: "handle",
    key: "k-1",
    blob: new Blob([big]),
    bytes: big.length,
    rules: 3,
    name: "node.v4",
  });

  it("is kept once as its Blob, named by the record, and comes back on load", async () => {
    const storage = memoryWorkStorage();
    let blobWrites = 0;
    const counting: WorkStorage = {
      ...storage,
      putRuleset: async (key, blob) => {
        blobWrites++;
        await storage.putRuleset(key, blob);
      },
    };
    const store = app();
    const stop = startAutosave(store, { storage: counting, tab: "a" });
    const h = handle();
    store.getState().resetScenario({ ...DEFAULT_SCENARIO, ruleset: h });
    await tick();
    store.getState().removePacket(0);
    await tick();
    const r = storage.records.get("a")!;
    // The record holds no text: an empty ruleset, and the handle's key, size and name.
    expect(r.scenario.ruleset).toBe("");
    expect(r.handles?.scenario).toEqual({ key: "k-1", bytes: big.length, rules: 3, name: "node.v4" });
    expect(storage.rulesets.get("k-1")).toBe(h.blob);
    expect(blobWrites).toBe(1);
    const loaded = await loadWork(storage, "a");
    const back = await restoreHandles(loaded!, (key) => storage.getRuleset(key));
    expect(back.lost).toBeNull();
    expect(back.scenario.ruleset).toMatchObject({ kind: "handle", key: "k-1", name: "node.v4" });
    expect(await (back.scenario.ruleset as RulesetHandle).blob.text()).toBe(big);
    expect(back.scenario.packets).toHaveLength(DEFAULT_SCENARIO.packets.length - 1);
    stop();
  });

  it("says so when its Blob is gone, and opens the rest of the work", async () => {
    const storage = memoryWorkStorage();
    const store = app();
    const stop = startAutosave(store, { storage, tab: "a" });
    store.getState().resetScenario({ ...DEFAULT_SCENARIO, ruleset: handle() });
    await tick();
    storage.rulesets.clear();
    const back = await restoreHandles((await loadWork(storage, "a"))!, (key) => storage.getRuleset(key));
    expect(back.lost).toEqual({ key: "k-1", bytes: big.length, rules: 3, name: "node.v4" });
    expect(back.scenario.ruleset).toBe("");
    expect(back.scenario.packets).toEqual(DEFAULT_SCENARIO.packets);
    stop();
  });

  it("an edit's new Blob replaces the old one in storage", async () => {
    const storage = memoryWorkStorage();
    const store = app();
    const stop = startAutosave(store, { storage, tab: "a" });
    store.getState().resetScenario({ ...DEFAULT_SCENARIO, ruleset: handle() });
    await tick();
    store.getState().setRuleset({ ...handle(), key: "k-2" });
    await tick();
    await tick();
    expect([...storage.rulesets.keys()]).toEqual(["k-2"]);
    stop();
  });
});
