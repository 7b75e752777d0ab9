import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { dropLastRecord, keepLastRecord, readLastRecord } from "./last-record";
import type { WorkRecord } from "./work-record";

/** A sessionStorage of this tab, as the browser gives it (node has none). */
function fakeSession(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

const record = (savedAt: number, textDraft: string | null): WorkRecord => ({
  v: 2,
  tab: "tab-1",
  savedAt,
  scenario: DEFAULT_SCENARIO,
  textDraft,
  nftDraft: null,
  held: null,
  lang: "en",
  theme: "light",
});

describe("this tab's work as it stood when the page went away", () => {
  beforeEach(() => {
    (globalThis as { sessionStorage?: Storage }).sessionStorage = fakeSession();
  });
  afterEach(() => {
    delete (globalThis as { sessionStorage?: Storage }).sessionStorage;
  });

  it("is read back after a reload, typed draft included", () => {
    keepLastRecord(record(1000, "*filter\n-A INPUT -j ACCEPTT\nCOMMIT\n"));
    expect(readLastRecord()).toMatchObject({
      tab: "tab-1",
      savedAt: 1000,
      textDraft: "*filter\n-A INPUT -j ACCEPTT\nCOMMIT\n",
    });
  });

  it("stays until IndexedDB holds a record at least as new, then goes", () => {
    keepLastRecord(record(1000, "typed"));
    dropLastRecord(999);
    expect(readLastRecord()?.textDraft).toBe("typed");
    dropLastRecord(1000);
    expect(readLastRecord()).toBeNull();
  });

  it("leaves a record over two million characters to IndexedDB alone", () => {
    keepLastRecord(record(1000, "x".repeat(2_000_001)));
    expect(readLastRecord()).toBeNull();
  });

  it("treats a damaged or invalid copy as none", () => {
    sessionStorage.setItem("nfx:last-record", "{not json");
    expect(readLastRecord()).toBeNull();
    sessionStorage.setItem("nfx:last-record", JSON.stringify({ ...record(1, null), scenario: { packets: 7 } }));
    expect(readLastRecord()).toBeNull();
  });
});
