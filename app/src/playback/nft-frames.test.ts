import { describe, expect, it } from "vitest";
import { stringsFor } from "../i18n";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { computeSimulation } from "../sim/compute";
import { frameText } from "./frame-text";
import { buildFrames, type PlayItem, playItems } from "./frames";

/** firewalld-like: its own input chain at filter + 10, after iptables' filter INPUT has accepted ssh. */
const FW = `table inet fw {
\tchain input {
\t\ttype filter hook input priority filter + 10; policy accept;
\t\tct state established,related accept
\t\tip saddr 198.51.100.0/24 tcp dport 22 drop
\t}
}
`;

describe("native nftables steps in playback", () => {
  const answer = computeSimulation(0, { ...DEFAULT_SCENARIO, nftables: FW });
  if (!answer.ok) throw new Error("must simulate");
  const items: PlayItem[] = playItems(answer.view, DEFAULT_SCENARIO.packets);
  const frames = buildFrames(items).filter((f) => f.item === 0);

  it("plays a packet through iptables' filter, then the native chain that drops it, in the trace vocabulary", () => {
    const lines = frames.filter((f) => f.kernel).map((f) => f.line);
    const accept = lines.indexOf("filter:INPUT:rule:4:ACCEPT");
    const drop = lines.indexOf("inet fw:input:rule:2:DROP");
    expect(accept).toBeGreaterThanOrEqual(0);
    expect(drop).toBeGreaterThan(accept);
    const f = frames.find((x) => x.line === "inet fw:input:rule:2:DROP")!;
    expect(f.node).toBe("nft.in.inet fw input");
    expect(f.rule).toMatchObject({ table: "inet fw", chain: "input", rule: 2, hook: "INPUT" });
    expect("monitor" in f.say && f.say.monitor).toMatch(
      /^inet fw input rule ip saddr 198\.51\.100\.0\/24 tcp dport 22 drop/,
    );
    expect(frameText(stringsFor("en"), f.say)).toBe("inet fw input: rule 2 matched, drop: the packet is gone.");
  });

  it("counts the native rule for the rules panel", () => {
    expect(answer.view.result.nftCounters).toContainEqual(
      expect.objectContaining({ at: { family: "inet", table: "fw", chain: "input" }, rule: 2, packets: 1 }),
    );
  });
});
