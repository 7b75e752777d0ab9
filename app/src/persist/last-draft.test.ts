import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dropLastDraft, keepLastDraft, readLastDraft } from "./last-draft";

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

describe("the draft typed just before a reload", () => {
  beforeEach(() => {
    (globalThis as { sessionStorage?: Storage }).sessionStorage = fakeSession();
  });
  afterEach(() => {
    delete (globalThis as { sessionStorage?: Storage }).sessionStorage;
  });

  it("is read back after the page is gone, with when it was kept", () => {
    keepLastDraft("*filter\n-A INPUT -j ACCEPTT\nCOMMIT\n", 1000);
    expect(readLastDraft()).toEqual({ text: "*filter\n-A INPUT -j ACCEPTT\nCOMMIT\n", savedAt: 1000 });
  });

  it("stays until IndexedDB holds a record at least as new, then goes", () => {
    keepLastDraft("typed", 1000);
    dropLastDraft(999);
    expect(readLastDraft()?.text).toBe("typed");
    dropLastDraft(1000);
    expect(readLastDraft()).toBeNull();
  });

  it("leaves a draft over a million characters to IndexedDB alone", () => {
    keepLastDraft("x".repeat(1_000_001), 1000);
    expect(readLastDraft()).toBeNull();
  });

  it("treats a damaged copy as none", () => {
    sessionStorage.setItem("nfx:last-draft", "{not json");
    expect(readLastDraft()).toBeNull();
  });
});
