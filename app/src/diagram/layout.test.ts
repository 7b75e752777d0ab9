import { TABLE_HOOKS, TABLES } from "@nfx/model";
import { describe, expect, it } from "vitest";
import { ARROW, FONT_MIN, type LayoutEdge, layoutDiagram } from "./layout";
import { tableNodeId } from "./nodes";

const layout = layoutDiagram();
const overlap = (a: { x: number; y: number; w: number; h: number }, b: typeof a) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The box an edge's arrowhead covers: ARROW long behind the edge's end, ARROW wide. */
function arrowhead(e: LayoutEdge) {
  const end = e.points[e.points.length - 1]!;
  const from = e.points[e.points.length - 2]!;
  const dx = Math.sign(end.x - from.x);
  const dy = Math.sign(end.y - from.y);
  const [x0, x1] = [end.x, end.x - dx * ARROW].sort((a, b) => a - b) as [number, number];
  const [y0, y1] = [end.y, end.y - dy * ARROW].sort((a, b) => a - b) as [number, number];
  return dx
    ? { x: x0, y: end.y - ARROW / 2, w: x1 - x0, h: ARROW }
    : { x: end.x - ARROW / 2, y: y0, w: ARROW, h: y1 - y0 };
}

describe("layoutDiagram", () => {
  it("is deterministic: same input, same geometry", () => {
    expect(layoutDiagram()).toEqual(layout);
  });

  it("has a cell for every table at every hook it registers", () => {
    for (const table of TABLES)
      for (const hook of TABLE_HOOKS[table]) {
        const node = layout.nodes.find((n) => n.id === tableNodeId(table, hook));
        expect(node, `${table} ${hook}`).toBeDefined();
        expect(node!.table).toBe(table);
        expect(node!.hook).toBe(hook);
      }
    expect(layout.nodes.filter((n) => n.kind === "table")).toHaveLength(17);
  });

  it("draws conntrack as lookup (PREROUTING, OUTPUT) and confirm (INPUT, POSTROUTING)", () => {
    const ct = layout.nodes.filter((n) => n.kind === "ct").map((n) => `${n.id}@${n.hook}`);
    expect(ct.sort()).toEqual(["in.confirm@INPUT", "out.ct@OUTPUT", "post.confirm@POSTROUTING", "pre.ct@PREROUTING"]);
  });

  it("orders cells in kernel priority order along the packet direction", () => {
    const pos = (id: string) => layout.nodes.find((n) => n.id === id)!;
    const rightward = ["pre.raw", "pre.ct", "pre.mangle", "pre.nat"].map((id) => pos(id).x);
    expect([...rightward].sort((a, b) => a - b)).toEqual(rightward);
    // INPUT flows up: mangle, filter, nat (nft), security, confirm. nat after filter, unlike Engelhardt.
    const upward = ["in.mangle", "in.filter", "in.nat", "in.security", "in.confirm"].map((id) => pos(id).y);
    expect([...upward].sort((a, b) => b - a)).toEqual(upward);
    const downward = ["out.raw", "out.ct", "out.mangle", "out.nat", "out.filter", "out.security"].map(
      (id) => pos(id).y,
    );
    expect([...downward].sort((a, b) => a - b)).toEqual(downward);
  });

  it("keeps hooks from overlapping and every node inside the canvas", () => {
    for (const a of layout.hooks)
      for (const b of layout.hooks) if (a !== b) expect(overlap(a, b), `${a.hook}/${b.hook}`).toBe(false);
    for (const n of layout.nodes) {
      expect(n.x).toBeGreaterThanOrEqual(0);
      expect(n.y).toBeGreaterThanOrEqual(0);
      expect(n.x + n.w).toBeLessThanOrEqual(layout.width);
      expect(n.y + n.h).toBeLessThanOrEqual(layout.height);
    }
  });

  it("is narrow enough for 11 px text across 1024 px, and short enough for 12 px in a 1280x720 stage", () => {
    // Issue 11: the smallest text (FONT_MIN units) at the default fit. 1024 px of width; at 1280x720 the stage
    // leaves the diagram 576 px of height under the header, the playback bar and the panels' bar.
    expect((1024 / layout.width) * FONT_MIN).toBeGreaterThanOrEqual(11);
    expect((576 / layout.height) * FONT_MIN).toBeGreaterThanOrEqual(12);
  });

  it("makes cells hold a table name and its policy at the smallest font, and no two nodes overlap", () => {
    const cells = layout.nodes.filter((n) => n.kind === "table");
    for (const c of cells) expect(c.w).toBeGreaterThanOrEqual(6 * FONT_MIN);
    for (const c of cells) expect(c.h).toBeGreaterThanOrEqual(2.8 * FONT_MIN);
    for (const a of layout.nodes)
      for (const b of layout.nodes) if (a !== b) expect(overlap(a, b), `${a.id}/${b.id}`).toBe(false);
  });

  it("connects every edge to known nodes, the routing decision branching to INPUT and FORWARD", () => {
    const ids = new Set(layout.nodes.map((n) => n.id));
    for (const e of layout.edges) {
      expect(ids.has(e.from)).toBe(true);
      expect(ids.has(e.to)).toBe(true);
      expect(e.points.length).toBeGreaterThanOrEqual(2);
    }
    const fromRt = layout.edges.filter((e) => e.from === "rt_in").map((e) => e.to);
    expect(fromRt.sort()).toEqual(["fwd.mangle", "in.mangle"]);
    // No routing decision on the forward path before POSTROUTING (diagram.md E.4).
    expect(layout.edges.some((e) => e.from === "fwd.security" && e.to === "rt_out")).toBe(false);
  });

  it("puts every vertical arrowhead in open space: the columns' cells carry text across their whole width", () => {
    // Issue 13: at 1280x720 the arrows of OUTPUT lay on "lookup · −200" and "ACCEPT · 0 rules". The row cells
    // keep their text left, clear of the arrow at their right edge (the layout journey checks the drawn text).
    const vertical = layout.edges.filter((e) => e.points.at(-2)!.x === e.points.at(-1)!.x);
    expect(vertical.map((e) => e.id)).toContain("out.ct->out.mangle");
    for (const e of vertical)
      for (const n of layout.nodes)
        if (n.id !== e.to) expect(overlap(arrowhead(e), n), `${e.id}'s arrowhead on ${n.id}`).toBe(false);
  });
});
