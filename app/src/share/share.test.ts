import { encodeShareLink, MAX_LINK_LENGTH } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import { chooseBoot } from "../persist/boot";
import { readRecord, type WorkRecord } from "../persist/work-record";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { createInProcessEngine } from "../sim/in-process";
import { selectFrames } from "../state/selectors";
import { createAppStore } from "../state/store";
import { fileNameFor, parseScenarioFile, scenarioFileText } from "./file";
import { fragmentFor } from "./link";
import { cursorFor, positionOf } from "./position";

const mine = { ...DEFAULT_SCENARIO, name: "mine", packets: DEFAULT_SCENARIO.packets.slice(0, 1) };
const saved = (over: Partial<WorkRecord> = {}): WorkRecord => ({
  v: 2,
  tab: "t1",
  savedAt: 1,
  scenario: mine,
  textDraft: null,
  nftDraft: null,
  held: null,
  lang: null,
  theme: null,
  ...over,
});

async function settled(store: ReturnType<typeof createAppStore>) {
  for (let i = 0; i < 50 && store.getState().status !== "idle"; i++) await new Promise((r) => setTimeout(r, 0));
}

describe("boot: a link wins only when it decodes", () => {
  it("opens a good link, with its position and (only if carried) its language", () => {
    const kv = saved({ lang: "en", textDraft: "*filter\nbroken" });
    const frag = encodeShareLink({ scenario: DEFAULT_SCENARIO, view: { packet: 2, step: 3 }, lang: "zh" });
    const b = chooseBoot(`#${frag}`, DEFAULT_SCENARIO, kv);
    expect(b).toMatchObject({ source: "link", view: { packet: 2, step: 3 }, lang: "zh", linkError: null });
    expect(b.textDraft).toBeNull(); // the draft was an edit of the saved ruleset, not of the link's
    expect(b.fallback.name).toBe("mine"); // if the link does not compute, the saved work is shown
    const noLang = chooseBoot(`#${encodeShareLink({ scenario: DEFAULT_SCENARIO })}`, DEFAULT_SCENARIO, kv);
    expect(noLang.lang).toBe("en"); // the reader's own saved choice
  });

  it.each([
    ["garbage", "#<script>alert(1)</script>", "not-a-link"],
    ["future", "#s2.AAAA", "newer-version"],
    ["truncated", `#${encodeShareLink({ scenario: DEFAULT_SCENARIO }).slice(0, 40)}`, "damaged"],
    ["huge", `#s1.${"A".repeat(MAX_LINK_LENGTH + 1)}`, "too-large"],
  ])("a %s link keeps the autosaved work and says why", (_, hash, code) => {
    const b = chooseBoot(hash, DEFAULT_SCENARIO, saved());
    expect(b.source).toBe("autosave");
    expect(b.scenario.name).toBe("mine");
    expect(b.linkError?.code).toBe(code);
  });

  it("ignores a damaged or invalid autosave record, and drops only a bad optional part", () => {
    expect(readRecord("{not json")).toBeNull();
    expect(readRecord({ scenario: { version: 1, host: 5 }, lang: "fr", theme: "pink" })).toBeNull();
    const r = readRecord({ ...saved(), lang: "fr", theme: "pink", textDraft: 5, held: { scenario: {}, reason: {} } });
    expect(r).toMatchObject({ scenario: mine, lang: null, theme: null, textDraft: null, held: null });
    expect(chooseBoot("", DEFAULT_SCENARIO, null).source).toBe("default");
  });
});

describe("playback position in a link", () => {
  it("round-trips item and step, and clamps what does not exist", async () => {
    const store = createAppStore({ engine: createInProcessEngine(), scenario: DEFAULT_SCENARIO, animate: false });
    await settled(store);
    const frames = selectFrames(store.getState());
    const at = frames.findIndex((f) => f.item === 2) + 4;
    const pos = positionOf(frames, at);
    expect(pos).toEqual({ packet: 2, step: 4 });
    expect(cursorFor(frames, pos)).toBe(at);
    expect(frames[cursorFor(frames, { packet: 2, step: 9999 })]!.item).toBe(2);
    expect(cursorFor(frames, { packet: 9999, step: 0 })).toBe(frames.length - 1);
    expect(cursorFor([], { packet: 1, step: 1 })).toBe(0);
  });
});

describe("scenario files", () => {
  it("round-trips a scenario and names the file after it", () => {
    const opened = parseScenarioFile(scenarioFileText(DEFAULT_SCENARIO));
    expect(opened).toEqual({ ok: true, scenario: DEFAULT_SCENARIO });
    expect(fileNameFor(DEFAULT_SCENARIO)).toBe("home-router.scenario.json");
    expect(fileNameFor({ ...DEFAULT_SCENARIO, name: "../../etc/<x>" })).toBe("etc-x.scenario.json");
  });

  it("reports JSON errors and path-located scenario errors", () => {
    expect(parseScenarioFile("{")).toMatchObject({ ok: false, reason: "not-json" });
    const bad = parseScenarioFile(JSON.stringify({ ...DEFAULT_SCENARIO, packets: [{ from: "eth0", proto: "sctp" }] }));
    expect(bad.ok).toBe(false);
    if (!bad.ok && bad.reason === "invalid") expect(bad.errors.some((e) => e.startsWith("packets[0]"))).toBe(true);
  });
});

describe("a scenario whose ruleset is held in the engine", () => {
  it("makes no link (none could carry it, and the page has no text to put in one)", () => {
    const store = createAppStore({ engine: createInProcessEngine(), scenario: DEFAULT_SCENARIO, animate: false });
    const handle = {
      kind: "handle",
      key: "k",
      blob: new Blob(["x"]),
      bytes: 8_700_000,
      rules: 1,
      name: "n.v4",
    } as const;
    expect(fragmentFor(store.getState(), null)).not.toBeNull();
    store.getState().resetScenario({ ...DEFAULT_SCENARIO, ruleset: handle });
    expect(fragmentFor(store.getState(), null)).toBeNull();
  });

  it("boots on the saved work's restored handle, and says when its file was lost", () => {
    const handle = {
      kind: "handle",
      key: "k",
      blob: new Blob(["x"]),
      bytes: 8_700_000,
      rules: 1,
      name: "n.v4",
    } as const;
    const kept = chooseBoot("", DEFAULT_SCENARIO, {
      ...saved(),
      restored: { scenario: { ...mine, ruleset: handle }, held: null, lost: null },
    });
    expect(kept.scenario.ruleset).toBe(handle);
    const ref = { key: "k", bytes: 8_700_000, rules: 1, name: "n.v4" };
    const lost = chooseBoot("", DEFAULT_SCENARIO, {
      ...saved({ scenario: { ...mine, ruleset: "" } }),
      restored: { scenario: { ...mine, ruleset: "" }, held: null, lost: ref },
    });
    expect(lost.lost).toEqual(ref);
    expect(lost.scenario.packets).toEqual(mine.packets);
  });
});
