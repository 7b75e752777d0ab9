import { describe, expect, it } from "vitest";
import { LESSONS } from "../gallery";
import { stringsFor } from "../i18n";
import { computeSimulation } from "../sim/compute";
import { fateText, frameText, verdictLabel } from "./frame-text";
import { buildFrames, playItems } from "./frames";

function framesOf(name: string) {
  const lesson = LESSONS.find((l) => l.name === name)!;
  const answer = computeSimulation(0, lesson.scenario);
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  const items = playItems(answer.view, lesson.scenario.packets);
  return { items, frames: buildFrames(items) };
}

describe("a REJECTed packet, as the reader sees it", () => {
  const en = stringsFor("en");
  const { items, frames } = framesOf("reject-vs-drop");
  const framesOfPacket = (n: number) => {
    const item = items.findIndex((it) => it.kind === "packet" && it.index === n - 1);
    return frames.filter((f) => f.item === item);
  };

  it("shows the REJECT rule first, then the answer it made, then the fate with what was sent", () => {
    const lines = framesOfPacket(2).map((f) => f.line);
    const rule = lines.indexOf("filter:INPUT:rule:2:DROP");
    expect(rule).toBeGreaterThan(0);
    expect(lines.slice(rule)).toEqual(["filter:INPUT:rule:2:DROP", "answer", "drop"]);
    const [ruleFrame, , end] = framesOfPacket(2).slice(rule);
    expect(verdictLabel(en, ruleFrame!.say)).toBe("REJECT · rule 2");
    expect(ruleFrame!.verdict?.tone).toBe("reject");
    expect(frameText(en, ruleFrame!.say)).toMatch(/REJECT: the packet is refused and RST is sent back/);
    expect(frameText(en, end!.say)).toMatch(/^Rejected: .*RST sent/);
  });

  it("words the fate in the packet list with the answer and the ICMP type and code the rule chose", () => {
    const fate = (n: number) => fateText(en, items.find((it) => it.kind === "packet" && it.index === n - 1)!.outcome);
    expect(fate(1)).toBe("dropped");
    expect(fate(2)).toBe("rejected: RST sent");
    expect(fate(3)).toBe("rejected: ICMP port unreachable (type 3, code 3) sent");
    expect(fateText(stringsFor("zh"), items.find((it) => it.index === 1 && it.kind === "packet")!.outcome)).toBe(
      "已拒绝：已回送 RST",
    );
  });

  it("leaves a plain DROP as it was: its rule line says DROP", () => {
    const f = framesOfPacket(1).find((x) => x.line === "filter:INPUT:rule:1:DROP")!;
    expect(verdictLabel(en, f.say)).toBe("DROP · rule 1");
    expect(f.verdict?.tone).toBe("drop");
  });
});
