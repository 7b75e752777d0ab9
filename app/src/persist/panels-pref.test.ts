import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { createInProcessEngine } from "../sim/in-process";
import { createAppStore } from "../state/store";
import { readPanelsOpen, rememberPanels } from "./panels-pref";

function memory(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    get length() {
      return m.size;
    },
  };
}

describe("the panels' sheet is remembered", () => {
  it("closed in one visit, it opens closed in the next", () => {
    const storage = memory();
    expect(readPanelsOpen(storage)).toBeNull();
    const first = createAppStore({ engine: createInProcessEngine(), scenario: DEFAULT_SCENARIO });
    rememberPanels(first, storage);
    first.getState().setPanelsOpen(false);
    expect(readPanelsOpen(storage)).toBe(false);
    const next = createAppStore({
      engine: createInProcessEngine(),
      scenario: DEFAULT_SCENARIO,
      panelsOpen: readPanelsOpen(storage) ?? true,
    });
    expect(next.getState().panelsOpen).toBe(false);
    next.getState().setPanelsOpen(true);
    expect(readPanelsOpen(storage)).toBe(false); // only a subscribed store writes
  });

  it("blocked storage remembers nothing and breaks nothing", () => {
    const blocked = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("SecurityError");
      },
    };
    expect(readPanelsOpen(blocked)).toBeNull();
    const store = createAppStore({ engine: createInProcessEngine(), scenario: DEFAULT_SCENARIO });
    rememberPanels(store, blocked);
    expect(() => store.getState().setPanelsOpen(false)).not.toThrow();
  });
});
