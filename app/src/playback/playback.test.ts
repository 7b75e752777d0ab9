import { describe, expect, it } from "vitest";
import { LESSONS } from "../gallery";
import { runAction } from "../gallery/run-action";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { createInProcessEngine } from "../sim/in-process";
import { selectCurrentFrame, selectFrames, selectItems } from "../state/selectors";
import { type AppStore, createAppStore } from "../state/store";

/** The real store on the in-process engine, with animation on: the animator's ticks are `advance()` calls. */
async function settled(store: AppStore) {
  for (let i = 0; i < 50 && store.getState().status !== "idle"; i++) await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 0));
}

/** Ticks until playback stops (as the animator would); returns how many steps it played. */
function playOut(store: AppStore): number {
  let n = 0;
  while (store.getState().playing && n < 10_000) {
    store.getState().advance();
    n++;
  }
  return n;
}

const packetAt = (store: AppStore) => {
  const s = store.getState();
  const f = selectCurrentFrame(s)!;
  return selectItems(s)[f.item]!.afterPacket;
};

describe("playback a teacher can drive", () => {
  it("Play packet N plays packet N and its answer, and stops at the end of them", async () => {
    const store = createAppStore({ engine: createInProcessEngine(), scenario: DEFAULT_SCENARIO });
    await settled(store);
    store.getState().playPacket(1);
    expect(store.getState().playing).toBe(true);
    expect(playOut(store)).toBeGreaterThan(3);
    const s = store.getState();
    const frames = selectFrames(s);
    const items = selectItems(s);
    // The last frame of packet 1's answer (#1↩): the next frame belongs to packet 2.
    expect(items[frames[s.cursor]!.item]!.tag).toBe("#1↩");
    expect(frames[s.cursor]!.last).toBe(true);
    expect(items[frames[s.cursor + 1]!.item]!.afterPacket).toBe(2);
  });

  it("Play all runs to the last step; next and previous packet jump between packets' first steps", async () => {
    const store = createAppStore({ engine: createInProcessEngine(), scenario: DEFAULT_SCENARIO });
    await settled(store);
    store.getState().playAll();
    playOut(store);
    expect(store.getState().cursor).toBe(selectFrames(store.getState()).length - 1);
    store.getState().setCursor(0);
    store.getState().skipPacket(1);
    expect(packetAt(store)).toBe(2);
    expect(selectCurrentFrame(store.getState())!.step).toBe(-1);
    store.getState().skipPacket(1);
    store.getState().skipPacket(-1);
    expect(packetAt(store)).toBe(2);
  });

  it("a lesson's play step lands on its packet, and an edit step replays the packet it talks about", async () => {
    const lesson = LESSONS.find((l) => l.name === "table-priority")!;
    const store = createAppStore({ engine: createInProcessEngine(), scenario: lesson.scenario });
    await settled(store);
    runAction(store, lesson.actions[0]!); // play(1)
    playOut(store);
    expect(packetAt(store)).toBe(1);
    runAction(store, lesson.actions[2]!); // play(2)
    playOut(store);
    expect(packetAt(store)).toBe(2);
    runAction(store, lesson.actions[3]!); // edit: --dport 8080, then packet 1 again
    await settled(store);
    expect(store.getState().playing).toBe(true);
    expect(packetAt(store)).toBe(1);
    playOut(store);
    expect(packetAt(store)).toBe(1);
    expect(selectCurrentFrame(store.getState())!.line).toBe("drop");
  });

  it("an nftables edit step changes the native ruleset and replays its packet, which now passes", async () => {
    const lesson = LESSONS.find((l) => l.name === "firewalld-and-docker")!;
    const store = createAppStore({ engine: createInProcessEngine(), scenario: lesson.scenario });
    await settled(store);
    const linesOf = (n: number) => {
      const s = store.getState();
      const items = selectItems(s);
      return selectFrames(s)
        .filter((f) => items[f.item]!.kind === "packet" && items[f.item]!.afterPacket === n)
        .map((f) => f.line);
    };
    expect(linesOf(1)).toContain("drop");
    runAction(store, lesson.actions[3]!); // edit the nftables text: ct status dnat accept, then packet 1 again
    await settled(store);
    expect(store.getState().scenario.nftables).toContain("ct status dnat accept");
    expect(store.getState().scenario.ruleset).toBe(lesson.scenario.ruleset);
    expect(store.getState().playing).toBe(true);
    expect(packetAt(store)).toBe(1);
    expect(linesOf(1)).not.toContain("drop");
    expect(linesOf(1)).toContain("egress:docker0");
  });
});

describe("safe: Reset and Remove packet can be undone", () => {
  it("brings back the packets a removal took and the work a Reset replaced, until the next edit", async () => {
    const lesson = LESSONS.find((l) => l.name === "reject-vs-drop")!;
    const store = createAppStore({ engine: createInProcessEngine(), scenario: lesson.scenario, animate: false });
    await settled(store);
    const before = store.getState().scenario;
    store.getState().removePacket(1);
    await settled(store);
    expect(store.getState().scenario.packets).toHaveLength(before.packets.length - 1);
    expect(store.getState().undoable?.what).toEqual({ kind: "remove", packet: 2 });
    store.getState().undo();
    await settled(store);
    expect(store.getState().scenario).toEqual(before);
    expect(store.getState().undoable).toBeNull();

    store.getState().resetScenario(DEFAULT_SCENARIO, true);
    await settled(store);
    expect(store.getState().scenario.name).toBe(DEFAULT_SCENARIO.name);
    store.getState().undo();
    await settled(store);
    expect(store.getState().scenario).toEqual(before);
    expect(selectFrames(store.getState()).length).toBeGreaterThan(0);

    store.getState().resetScenario(DEFAULT_SCENARIO, true);
    store.getState().setRuleset(`${DEFAULT_SCENARIO.ruleset}\n`);
    expect(store.getState().undoable).toBeNull();
  });

  it("a lesson's sysctl step changes the host and replays its packet: the out-of-window segment now passes", async () => {
    const lesson = LESSONS.find((l) => l.name === "tcp-window-tracking")!;
    const store = createAppStore({ engine: createInProcessEngine(), scenario: lesson.scenario });
    await settled(store);
    runAction(store, lesson.actions[2]!); // play(5): INVALID, dropped
    playOut(store);
    expect(packetAt(store)).toBe(5);
    expect(selectCurrentFrame(store.getState())!.line).toBe("drop");
    runAction(store, lesson.actions[3]!); // nf_conntrack_tcp_be_liberal=1, then packet 5 again
    await settled(store);
    expect(store.getState().scenario.host.sysctl).toEqual({ "net.netfilter.nf_conntrack_tcp_be_liberal": 1 });
    expect(store.getState().playing).toBe(true);
    playOut(store);
    expect(packetAt(store)).toBe(5);
    expect(selectCurrentFrame(store.getState())!.line).toBe("egress:eth0");
  });
});
