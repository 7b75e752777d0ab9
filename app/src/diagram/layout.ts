import type { HookName, TableName } from "@nfx/model";
import { type NodeId, type NodeKind, natPriority, PRIORITY } from "./nodes";

/**
 * The diagram's geometry, a pure function of nothing but constants: nodes never move, whatever the
 * ruleset (diagram.md §B, "fixed geometry"), so ghost cells keep their slots and tokens are the only motion.
 * Left to right: interface in, PREROUTING, the input routing decision, FORWARD, POSTROUTING, interface out;
 * INPUT goes up to the local process, OUTPUT comes down from it to POSTROUTING.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface LayoutNode {
  readonly id: NodeId;
  readonly kind: NodeKind;
  /** Top-left corner and size, in diagram units. */
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  readonly hook: HookName | null;
  readonly table: TableName | null;
  /** Kernel priority text shown in the corner, "" for none. */
  readonly priority: string;
  /** Where a packet token sits while at this node: beside the node, never over it. */
  readonly token: Point;
}

export interface HookBox {
  readonly hook: HookName;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
  /** Which way packets run inside it, so reading order matches packet direction. */
  readonly direction: "right" | "up" | "down";
}

export interface LayoutEdge {
  readonly id: string;
  readonly from: NodeId;
  readonly to: NodeId;
  /** Orthogonal polyline. */
  readonly points: readonly Point[];
  readonly label?: "local" | "forward" | "loopback";
  readonly dashed?: boolean;
}

export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly LayoutNode[];
  readonly hooks: readonly HookBox[];
  readonly edges: readonly LayoutEdge[];
}

const CELL_W = 100;
const CELL_H = 40;
const GAP = 8;
const PAD = 8;
const TITLE = 20;
const ROW_Y = 552; // centre line of PREROUTING, FORWARD, POSTROUTING
/** Tokens ride just under the horizontal hooks, never over a cell. */
const TOKEN_BELOW = ROW_Y + CELL_H / 2 + 8 + 24;
/** Half the token card's width plus a margin: tokens sit beside the vertical hooks. */
export const TOKEN_W = 236;
const TOKEN_SIDE = (CELL_W + 16) / 2 + TOKEN_W / 2 + 10;

export function layoutDiagram(): DiagramLayout {
  const nodes: LayoutNode[] = [];
  const hooks: HookBox[] = [];
  const byId = new Map<NodeId, LayoutNode>();
  const add = (n: LayoutNode) => {
    nodes.push(n);
    byId.set(n.id, n);
  };

  const cell = (
    id: NodeId,
    kind: NodeKind,
    hook: HookName,
    table: TableName | null,
    x: number,
    y: number,
    priority: string,
    token: Point,
  ): void => add({ id, kind, x, y, w: CELL_W, h: CELL_H, hook, table, priority, token });

  /** A horizontal hook with its cells left to right; returns the x after it. */
  const row = (hook: HookName, x0: number, cells: [NodeId, NodeKind, TableName | null, string][]): number => {
    const w = PAD * 2 + cells.length * CELL_W + (cells.length - 1) * GAP;
    const top = ROW_Y - CELL_H / 2 - PAD - TITLE;
    hooks.push({ hook, x: x0, y: top, w, h: TITLE + CELL_H + PAD * 2, direction: "right" });
    cells.forEach(([id, kind, table, prio], i) => {
      const x = x0 + PAD + i * (CELL_W + GAP);
      cell(id, kind, hook, table, x, ROW_Y - CELL_H / 2, prio, { x: x + CELL_W / 2, y: TOKEN_BELOW });
    });
    return x0 + w;
  };

  /** A vertical hook centred on `cx`; cells listed in packet order, running `dir`. */
  const column = (
    hook: HookName,
    cx: number,
    yStart: number,
    dir: "up" | "down",
    cells: [NodeId, NodeKind, TableName | null, string][],
    tokenSide: "left" | "right",
  ): { top: number; bottom: number } => {
    const w = CELL_W + PAD * 2;
    const h = TITLE + PAD * 2 + cells.length * CELL_H + (cells.length - 1) * GAP;
    const top = dir === "down" ? yStart : yStart - h;
    hooks.push({ hook, x: cx - w / 2, y: top, w, h, direction: dir });
    cells.forEach(([id, kind, table, prio], i) => {
      const slot = dir === "down" ? i : cells.length - 1 - i;
      const y = top + TITLE + PAD + slot * (CELL_H + GAP);
      const tx = tokenSide === "left" ? cx - TOKEN_SIDE : cx + TOKEN_SIDE;
      cell(id, kind, hook, table, cx - CELL_W / 2, y, prio, { x: tx, y: y + CELL_H / 2 });
    });
    return { top, bottom: top + h };
  };

  const pill = (id: NodeId, cx: number, cy: number, w: number, h: number, token: Point): void =>
    add({ id, kind: "terminal", x: cx - w / 2, y: cy - h / 2, w, h, hook: null, table: null, priority: "", token });

  const diamond = (id: NodeId, cx: number, cy: number, w: number, h: number, token: Point): void =>
    add({ id, kind: "decision", x: cx - w / 2, y: cy - h / 2, w, h, hook: null, table: null, priority: "", token });

  // Bottom row: the incoming and forwarded paths.
  pill("if_in", 52, ROW_Y, 88, 44, { x: 8 + TOKEN_W / 2, y: TOKEN_BELOW });
  const preEnd = row("PREROUTING", 112, [
    ["pre.raw", "table", "raw", PRIORITY.raw],
    ["pre.ct", "ct", null, PRIORITY.ct],
    ["pre.mangle", "table", "mangle", PRIORITY.mangle],
    ["pre.nat", "table", "nat", natPriority("PREROUTING")],
  ]);
  const rtInX = preEnd + 46;
  diamond("rt_in", rtInX, ROW_Y, 72, 52, { x: rtInX, y: TOKEN_BELOW });
  const fwdStart = rtInX + 76;
  const fwdEnd = row("FORWARD", fwdStart, [
    ["fwd.mangle", "table", "mangle", PRIORITY.mangle],
    ["fwd.filter", "table", "filter", PRIORITY.filter],
    ["fwd.security", "table", "security", PRIORITY.security],
  ]);
  const mergeX = fwdEnd + 44;
  add({
    id: "merge",
    kind: "junction",
    x: mergeX - 6,
    y: ROW_Y - 6,
    w: 12,
    h: 12,
    hook: null,
    table: null,
    priority: "",
    token: { x: mergeX, y: TOKEN_BELOW },
  });
  const postEnd = row("POSTROUTING", mergeX + 44, [
    ["post.mangle", "table", "mangle", PRIORITY.mangle],
    ["post.nat", "table", "nat", natPriority("POSTROUTING")],
    ["post.confirm", "ct", null, PRIORITY.confirm],
  ]);
  const ifOutX = postEnd + 20 + 44;
  pill("if_out", ifOutX, ROW_Y, 88, 44, { x: ifOutX + 44 - TOKEN_W / 2, y: TOKEN_BELOW });

  // Top: local process, spanning from the INPUT column to the OUTPUT column.
  const localY = 40;
  const localW = mergeX - rtInX + 200;
  pill("local", (rtInX + mergeX) / 2, localY, localW, 48, { x: (rtInX + mergeX) / 2, y: localY + 50 });

  // INPUT runs upward from the routing decision to the local process (nft order: security after nat).
  column(
    "INPUT",
    rtInX,
    ROW_Y - 26 - 36,
    "up",
    [
      ["in.mangle", "table", "mangle", PRIORITY.mangle],
      ["in.filter", "table", "filter", PRIORITY.filter],
      ["in.nat", "table", "nat", natPriority("INPUT")],
      ["in.security", "table", "security", PRIORITY.security],
      ["in.confirm", "ct", null, PRIORITY.confirm],
    ],
    "left",
  );

  // OUTPUT: routing decision first, then the hook downward, then the reroute check before POSTROUTING.
  const rtOutY = localY + 24 + 40;
  diamond("rt_out", mergeX, rtOutY, 72, 44, { x: mergeX + TOKEN_SIDE, y: rtOutY });
  const outputCol = column(
    "OUTPUT",
    mergeX,
    rtOutY + 22 + 18,
    "down",
    [
      ["out.raw", "table", "raw", PRIORITY.raw],
      ["out.ct", "ct", null, PRIORITY.ct],
      ["out.mangle", "table", "mangle", PRIORITY.mangle],
      ["out.nat", "table", "nat", natPriority("OUTPUT")],
      ["out.filter", "table", "filter", PRIORITY.filter],
      ["out.security", "table", "security", PRIORITY.security],
    ],
    "right",
  );
  const rerouteY = (outputCol.bottom + ROW_Y - 6) / 2 - 4;
  diamond("out.reroute", mergeX, rerouteY, 44, 26, { x: mergeX + TOKEN_SIDE, y: rerouteY });
  pill("gen", mergeX + 200, rtOutY, 150, 36, { x: mergeX + TOKEN_SIDE, y: rtOutY });

  const n = (id: NodeId) => byId.get(id)!;
  const right = (id: NodeId): Point => ({ x: n(id).x + n(id).w, y: n(id).y + n(id).h / 2 });
  const left = (id: NodeId): Point => ({ x: n(id).x, y: n(id).y + n(id).h / 2 });
  const top = (id: NodeId): Point => ({ x: n(id).x + n(id).w / 2, y: n(id).y });
  const bottom = (id: NodeId): Point => ({ x: n(id).x + n(id).w / 2, y: n(id).y + n(id).h });

  const edges: LayoutEdge[] = [];
  const chain = (ids: NodeId[], how: "h" | "up" | "down") => {
    for (let i = 0; i + 1 < ids.length; i++) {
      const a = ids[i]!;
      const b = ids[i + 1]!;
      const points = how === "h" ? [right(a), left(b)] : how === "up" ? [top(a), bottom(b)] : [bottom(a), top(b)];
      edges.push({ id: `${a}->${b}`, from: a, to: b, points });
    }
  };
  chain(["if_in", "pre.raw", "pre.ct", "pre.mangle", "pre.nat", "rt_in"], "h");
  edges.push({
    id: "rt_in->in.mangle",
    from: "rt_in",
    to: "in.mangle",
    points: [top("rt_in"), bottom("in.mangle")],
    label: "local",
  });
  chain(["in.mangle", "in.filter", "in.nat", "in.security", "in.confirm"], "up");
  edges.push({
    id: "in.confirm->local",
    from: "in.confirm",
    to: "local",
    points: [top("in.confirm"), { x: rtInX, y: bottom("local").y }],
  });
  edges.push({
    id: "rt_in->fwd.mangle",
    from: "rt_in",
    to: "fwd.mangle",
    points: [right("rt_in"), left("fwd.mangle")],
    label: "forward",
  });
  chain(["fwd.mangle", "fwd.filter", "fwd.security"], "h");
  edges.push({
    id: "fwd.security->merge",
    from: "fwd.security",
    to: "merge",
    points: [right("fwd.security"), left("merge")],
  });
  edges.push({
    id: "merge->post.mangle",
    from: "merge",
    to: "post.mangle",
    points: [right("merge"), left("post.mangle")],
  });
  chain(["post.mangle", "post.nat", "post.confirm", "if_out"], "h");
  edges.push({
    id: "local->rt_out",
    from: "local",
    to: "rt_out",
    points: [{ x: mergeX, y: bottom("local").y }, top("rt_out")],
  });
  edges.push({ id: "gen->rt_out", from: "gen", to: "rt_out", points: [left("gen"), right("rt_out")], dashed: true });
  edges.push({ id: "rt_out->out.raw", from: "rt_out", to: "out.raw", points: [bottom("rt_out"), top("out.raw")] });
  chain(["out.raw", "out.ct", "out.mangle", "out.nat", "out.filter", "out.security", "out.reroute", "merge"], "down");
  const laneY = ROW_Y + 124;
  edges.push({
    id: "if_out->if_in",
    from: "if_out",
    to: "if_in",
    points: [bottom("if_out"), { x: ifOutX, y: laneY }, { x: 52, y: laneY }, bottom("if_in")],
    label: "loopback",
    dashed: true,
  });

  return {
    width: ifOutX + 44 + 12,
    height: laneY + 22,
    nodes,
    hooks,
    edges,
  };
}

/** The layout is constant; compute it once. */
export const LAYOUT: DiagramLayout = layoutDiagram();
