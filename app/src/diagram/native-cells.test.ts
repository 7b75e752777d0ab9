import { hookPlan } from "@nfx/engine";
import { parseRuleset } from "@nfx/iptables-save";
import { parseNft } from "@nfx/nftables";
import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { layoutDiagram } from "./layout";
import { nativeCells } from "./native-cells";

const NFT = `table inet fw {
\tchain input { type filter hook input priority filter + 10; policy drop; }
\tchain early { type filter hook prerouting priority -250; policy accept; }
\tchain out { type filter hook output priority 10; policy accept; }
\tchain late { type filter hook forward priority 200; policy accept; }
}
table ip router {
\tchain dnat { type nat hook prerouting priority dstnat + 10; policy accept; }
}
`;

const layoutFor = (nft: string) => {
  const plan = hookPlan(parseRuleset(DEFAULT_SCENARIO.ruleset).ruleset, parseNft(nft).ruleset);
  return layoutDiagram(nativeCells(plan));
};
const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe("native base chains in the diagram", () => {
  const layout = layoutFor(NFT);
  const ids = layout.nodes.map((n) => n.id);
  const along = (hook: string) =>
    layout.nodes
      .filter((n) => n.hook === hook)
      .sort((a, b) => (hook === "INPUT" ? b.y - a.y : hook === "OUTPUT" ? a.y - b.y : a.x - b.x))
      .map((n) => n.id);

  it("draws a cell per native base chain, labelled by family, table and chain, with its priority", () => {
    const input = layout.nodes.find((n) => n.id === "nft.in.inet fw input")!;
    expect(input.kind).toBe("native");
    expect(input.native).toMatchObject({ family: "inet", table: "fw", chain: "input", type: "filter", priority: 10 });
    expect(ids.filter((id) => id.startsWith("nft."))).toHaveLength(5);
  });

  it("puts each one among iptables' cells in the engine's order", () => {
    expect(along("INPUT")).toEqual([
      "in.mangle",
      "in.filter",
      "nft.in.inet fw input",
      "in.nat",
      "in.security",
      "in.confirm",
    ]);
    expect(along("PREROUTING")).toEqual([
      "pre.raw",
      "nft.pre.inet fw early",
      "pre.ct",
      "pre.mangle",
      // The NAT core runs every nat chain at -100, by priority: iptables' nat (-100) before dstnat + 10.
      "pre.nat",
      "nft.pre.ip router dnat",
    ]);
    // security is not declared here: its ghost cell is drawn where it would run, before priority 200.
    expect(along("FORWARD")).toEqual(["fwd.mangle", "fwd.filter", "fwd.security", "nft.fwd.inet fw late"]);
    expect(along("OUTPUT")).toEqual([
      "out.raw",
      "out.ct",
      "out.mangle",
      "out.nat",
      "out.filter",
      "nft.out.inet fw out",
      "out.security",
    ]);
  });

  it("keeps every node apart and every edge on known nodes, joined in packet order", () => {
    for (const a of layout.nodes)
      for (const b of layout.nodes) if (a !== b) expect(overlap(a, b), `${a.id}/${b.id}`).toBe(false);
    for (const a of layout.hooks)
      for (const b of layout.hooks) if (a !== b) expect(overlap(a, b), `${a.hook}/${b.hook}`).toBe(false);
    const known = new Set(ids);
    for (const e of layout.edges) expect(known.has(e.from) && known.has(e.to), e.id).toBe(true);
    expect(layout.edges.some((e) => e.from === "in.filter" && e.to === "nft.in.inet fw input")).toBe(true);
    expect(layout.edges.some((e) => e.from === "nft.in.inet fw input" && e.to === "in.nat")).toBe(true);
  });

  it("on an nft-only host, draws each native chain where its priority falls among the ghost cells", () => {
    const plan = hookPlan(parseRuleset("").ruleset, parseNft(NFT).ruleset);
    const ghostly = layoutDiagram(nativeCells(plan));
    const pre = ghostly.nodes
      .filter((n) => n.hook === "PREROUTING")
      .sort((a, b) => a.x - b.x)
      .map((n) => n.id);
    expect(pre).toEqual([
      "pre.raw",
      "nft.pre.inet fw early",
      "pre.ct",
      "pre.mangle",
      "nft.pre.ip router dnat",
      "pre.nat",
    ]);
  });

  it("draws the iptables-only diagram unchanged when there is no native chain", () => {
    expect(layoutFor("")).toEqual(layoutDiagram());
  });
});
