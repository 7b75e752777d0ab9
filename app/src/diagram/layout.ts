import type { HookName, TableName } from "@nfx/model";
import { drawnAfter, type NativeCell, type NativeCells, NO_NATIVE_CELLS } from "./native-cells";
import { type NodeId, type NodeKind, natPriority, PRIORITY } from "./nodes";

/**
 * The diagram's geometry, a pure function of constants and of the native nftables base chains: iptables' cells
 * never move whatever the iptables ruleset (diagram.md §B, "fixed geometry"), so ghost cells keep their slots and
 * tokens are the only motion. A native base chain (issue 10) adds a cell in its hook, in the kernel's order.
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
  /** For a native nftables base chain's cell: the chain, as the engine's hook plan gives it. */
  readonly native?: NativeCell;
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

/**
 * Sizes are in diagram units and fixed against the smallest font (FONT_MIN, 14 units): at the default fit
 * the canvas is ~1290 x 650 units, so 1280x720 shows text at >= 12 CSS px and 1024x768 at >= 11 (issue 11).
 * Width is the scarce direction (ten cells in the bottom row), so row cells are narrow and tall (name,
 * priority, policy, rule count on their own lines) and the vertical hooks' cells are wide and short.
 */
export const FONT_MIN = 14;
const ROW_CELL_W = 86;
const ROW_CELL_H = 74;
const COL_CELL_W = 148;
const COL_CELL_H = 40;
/**
 * An arrowhead's length in diagram units (the marker is sized in them, whatever the edge's stroke). It sits
 * behind its edge's end, so it needs that much open space before the cell it points at.
 */
export const ARROW = 8;
const ROW_GAP = 5;
/**
 * The vertical hooks' cells carry text across their whole width (a centred conntrack step, "ACCEPT · 0 rules"),
 * so the gap between two of them holds the whole arrowhead; the row cells' text keeps to their left side, clear
 * of the arrow at their right edge, so the scarce width is not spent there.
 */
const COL_GAP = ARROW + 1;
const PAD = 6;
const TITLE = 22;
const MARGIN = 6;
const TERMINAL_W = 76;
const DIAMOND_W = 104;
const DIAMOND_H = 50;
/** The token card: two 14-unit lines; wide enough for "198.51.100.20:40000→203.0.113.1:22". */
export const TOKEN_W = 310;
export const TOKEN_H = 44;
/** Top of the bottom row's hooks without native cells; they push it down to fit the columns. */
const BASE_ROW_TOP = 462;
/** Native cells the INPUT column has room for above it before the rows must move down. */
const INPUT_ROOM = 2;
/** Centre-to-centre distance from a vertical hook to a token riding beside it. */
const TOKEN_SIDE = COL_CELL_W / 2 + PAD + 4 + TOKEN_W / 2;

/** Cells in the horizontal hooks are tall (one fact per line), cells in the vertical hooks wide. */
export function cellForm(node: Pick<LayoutNode, "hook">): "tall" | "wide" {
  return node.hook === "INPUT" || node.hook === "OUTPUT" ? "wide" : "tall";
}

type CellSpec = [NodeId, NodeKind, TableName | null, string, NativeCell?];

/** A hook's fixed cells with its native base chains put in their slots (see native-cells.ts). */
function withNatives(hook: HookName, cells: CellSpec[], natives: NativeCells[HookName]): CellSpec[] {
  if (!natives.length) return cells;
  const out: CellSpec[] = [];
  const fixed = cells.map(([id, , table]) => ({ id, table }));
  const placed = natives.map((s) => ({ s, after: drawnAfter(s, hook, fixed) }));
  const native = (after: NodeId | null) =>
    placed
      .filter((p) => p.after === after)
      .map(({ s }): CellSpec => [s.cell.id, "native", null, String(s.cell.priority), s.cell]);
  out.push(...native(null));
  for (const c of cells) out.push(c, ...native(c[0]));
  return out;
}

export function layoutDiagram(natives: NativeCells = NO_NATIVE_CELLS): DiagramLayout {
  // Each native cell in a column takes a column cell's height; the rows move down so the columns still fit.
  const ROW_TOP =
    BASE_ROW_TOP + (COL_CELL_H + COL_GAP) * Math.max(natives.OUTPUT.length, natives.INPUT.length - INPUT_ROOM, 0);
  const ROW_Y = ROW_TOP + TITLE + PAD + ROW_CELL_H / 2; // centre line of PREROUTING, FORWARD, POSTROUTING
  /** Tokens ride just under the horizontal hooks, never over a cell. */
  const TOKEN_BELOW = ROW_TOP + TITLE + PAD * 2 + ROW_CELL_H + 6 + TOKEN_H / 2;
  const nodes: LayoutNode[] = [];
  const hooks: HookBox[] = [];
  /** Each hook's cells in packet order, native ones included: the edges join them in this order. */
  const order = new Map<HookName, NodeId[]>();
  const cellsOf = (hook: HookName) => order.get(hook)!;
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
    box: { x: number; y: number; w: number; h: number },
    priority: string,
    token: Point,
    native?: NativeCell,
  ): void => add({ id, kind, ...box, hook, table, priority, token, ...(native ? { native } : {}) });

  /** Keeps a token card inside the canvas at the row's ends. */
  let canvasW = 0;
  const clampX = (x: number) =>
    Math.max(MARGIN + TOKEN_W / 2, canvasW ? Math.min(x, canvasW - MARGIN - TOKEN_W / 2) : x);

  /** A horizontal hook with its cells left to right; returns the x after it. */
  const row = (hook: HookName, x0: number, fixed: CellSpec[]): number => {
    const cells = withNatives(hook, fixed, natives[hook]);
    const w = PAD * 2 + cells.length * ROW_CELL_W + (cells.length - 1) * ROW_GAP;
    hooks.push({ hook, x: x0, y: ROW_TOP, w, h: TITLE + ROW_CELL_H + PAD * 2, direction: "right" });
    cells.forEach(([id, kind, table, prio, native], i) => {
      const x = x0 + PAD + i * (ROW_CELL_W + ROW_GAP);
      const box = { x, y: ROW_Y - ROW_CELL_H / 2, w: ROW_CELL_W, h: ROW_CELL_H };
      cell(id, kind, hook, table, box, prio, { x: clampX(x + ROW_CELL_W / 2), y: TOKEN_BELOW }, native);
    });
    order.set(
      hook,
      cells.map((c) => c[0]),
    );
    return x0 + w;
  };

  /** A vertical hook centred on `cx`; cells listed in packet order, running `dir`. */
  const column = (
    hook: HookName,
    cx: number,
    yStart: number,
    dir: "up" | "down",
    fixed: CellSpec[],
    tokenSide: "left" | "right",
  ): { top: number; bottom: number } => {
    const cells = withNatives(hook, fixed, natives[hook]);
    order.set(
      hook,
      cells.map((c) => c[0]),
    );
    const w = COL_CELL_W + PAD * 2;
    const h = TITLE + PAD * 2 + cells.length * COL_CELL_H + (cells.length - 1) * COL_GAP;
    const top = dir === "down" ? yStart : yStart - h;
    hooks.push({ hook, x: cx - w / 2, y: top, w, h, direction: dir });
    cells.forEach(([id, kind, table, prio, native], i) => {
      const slot = dir === "down" ? i : cells.length - 1 - i;
      const y = top + TITLE + PAD + slot * (COL_CELL_H + COL_GAP);
      const tx = tokenSide === "left" ? cx - TOKEN_SIDE : cx + TOKEN_SIDE;
      const box = { x: cx - COL_CELL_W / 2, y, w: COL_CELL_W, h: COL_CELL_H };
      cell(id, kind, hook, table, box, prio, { x: tx, y: y + COL_CELL_H / 2 }, native);
    });
    return { top, bottom: top + h };
  };

  const pill = (id: NodeId, cx: number, cy: number, w: number, h: number, token: Point): void =>
    add({ id, kind: "terminal", x: cx - w / 2, y: cy - h / 2, w, h, hook: null, table: null, priority: "", token });

  const diamond = (id: NodeId, cx: number, cy: number, w: number, h: number, token: Point): void =>
    add({ id, kind: "decision", x: cx - w / 2, y: cy - h / 2, w, h, hook: null, table: null, priority: "", token });

  // The bottom row's x positions first: the canvas width follows from them, and tokens are clamped to it.
  const ifInX = MARGIN + TERMINAL_W / 2;
  const preX = MARGIN + TERMINAL_W + 14;
  // A row hook's width: its fixed cells and its native ones (which widen the canvas, so the diagram fits smaller).
  const rowW = (hook: HookName, n: number) => {
    const cells = n + natives[hook].length;
    return PAD * 2 + cells * ROW_CELL_W + (cells - 1) * ROW_GAP;
  };
  const rtInX = preX + rowW("PREROUTING", 4) + 12 + DIAMOND_W / 2;
  const fwdStart = rtInX + DIAMOND_W / 2 + 12;
  const mergeX = fwdStart + rowW("FORWARD", 3) + 14 + 5;
  const postX = mergeX + 5 + 14;
  const ifOutX = postX + rowW("POSTROUTING", 3) + 14 + TERMINAL_W / 2;
  canvasW = ifOutX + TERMINAL_W / 2 + MARGIN;

  // Bottom row: the incoming and forwarded paths.
  pill("if_in", ifInX, ROW_Y, TERMINAL_W, 52, { x: clampX(ifInX), y: TOKEN_BELOW });
  row("PREROUTING", preX, [
    ["pre.raw", "table", "raw", PRIORITY.raw],
    ["pre.ct", "ct", null, PRIORITY.ct],
    ["pre.mangle", "table", "mangle", PRIORITY.mangle],
    ["pre.nat", "table", "nat", natPriority("PREROUTING")],
  ]);
  diamond("rt_in", rtInX, ROW_Y, DIAMOND_W, DIAMOND_H, { x: rtInX, y: TOKEN_BELOW });
  row("FORWARD", fwdStart, [
    ["fwd.mangle", "table", "mangle", PRIORITY.mangle],
    ["fwd.filter", "table", "filter", PRIORITY.filter],
    ["fwd.security", "table", "security", PRIORITY.security],
  ]);
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
  row("POSTROUTING", postX, [
    ["post.mangle", "table", "mangle", PRIORITY.mangle],
    ["post.nat", "table", "nat", natPriority("POSTROUTING")],
    ["post.confirm", "ct", null, PRIORITY.confirm],
  ]);
  pill("if_out", ifOutX, ROW_Y, TERMINAL_W, 52, { x: clampX(ifOutX), y: TOKEN_BELOW });

  // Top: local process, spanning from the INPUT column to the OUTPUT column.
  const localY = MARGIN + 20;
  const localW = mergeX - rtInX + COL_CELL_W + 60;
  // Its token sits under it, left of the output routing decision.
  pill("local", (rtInX + mergeX) / 2, localY, localW, 40, {
    x: rtInX + TOKEN_W / 2 - 20,
    y: localY + 20 + 8 + TOKEN_H / 2,
  });

  // INPUT runs upward from the routing decision to the local process (nft order: security after nat).
  column(
    "INPUT",
    rtInX,
    ROW_TOP - 6,
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
  const rtOutY = localY + 20 + 10 + 23;
  diamond("rt_out", mergeX, rtOutY, DIAMOND_W, 46, { x: mergeX + TOKEN_SIDE, y: rtOutY });
  const outputCol = column(
    "OUTPUT",
    mergeX,
    rtOutY + 23 + 8,
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
  const rerouteY = (outputCol.bottom + ROW_TOP) / 2;
  diamond("out.reroute", mergeX, rerouteY, 44, ROW_TOP - outputCol.bottom - 8, {
    x: mergeX + TOKEN_SIDE,
    y: rerouteY,
  });
  // Kernel-made packets come in from the top right, beside the local process, into the output decision.
  const genW = 176;
  pill("gen", canvasW - MARGIN - genW / 2, localY, genW, 40, { x: mergeX + TOKEN_SIDE, y: rtOutY });

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
  chain(["if_in", ...cellsOf("PREROUTING"), "rt_in"], "h");
  const inFirst = cellsOf("INPUT")[0]!;
  edges.push({
    id: `rt_in->${inFirst}`,
    from: "rt_in",
    to: inFirst,
    points: [top("rt_in"), bottom(inFirst)],
    label: "local",
  });
  chain(cellsOf("INPUT"), "up");
  edges.push({
    id: "in.confirm->local",
    from: "in.confirm",
    to: "local",
    points: [top("in.confirm"), { x: rtInX, y: bottom("local").y }],
  });
  const fwd = cellsOf("FORWARD");
  edges.push({
    id: `rt_in->${fwd[0]}`,
    from: "rt_in",
    to: fwd[0]!,
    points: [right("rt_in"), left(fwd[0]!)],
    label: "forward",
  });
  chain(fwd, "h");
  const fwdLast = fwd[fwd.length - 1]!;
  edges.push({
    id: `${fwdLast}->merge`,
    from: fwdLast,
    to: "merge",
    points: [right(fwdLast), left("merge")],
  });
  const post = cellsOf("POSTROUTING");
  edges.push({
    id: `merge->${post[0]}`,
    from: "merge",
    to: post[0]!,
    points: [right("merge"), left(post[0]!)],
  });
  chain([...post, "if_out"], "h");
  edges.push({
    id: "local->rt_out",
    from: "local",
    to: "rt_out",
    points: [{ x: mergeX, y: bottom("local").y }, top("rt_out")],
  });
  edges.push({
    id: "gen->rt_out",
    from: "gen",
    to: "rt_out",
    points: [bottom("gen"), { x: bottom("gen").x, y: rtOutY }, right("rt_out")],
    dashed: true,
  });
  const out = cellsOf("OUTPUT");
  edges.push({ id: `rt_out->${out[0]}`, from: "rt_out", to: out[0]!, points: [bottom("rt_out"), top(out[0]!)] });
  chain([...out, "out.reroute", "merge"], "down");
  const laneY = TOKEN_BELOW + TOKEN_H / 2 + 26;
  edges.push({
    id: "if_out->if_in",
    from: "if_out",
    to: "if_in",
    points: [bottom("if_out"), { x: ifOutX, y: laneY }, { x: ifInX, y: laneY }, bottom("if_in")],
    label: "loopback",
    dashed: true,
  });

  return {
    width: canvasW,
    height: laneY + 22,
    nodes,
    hooks,
    edges,
  };
}

/** The layout is constant; compute it once. */
export const LAYOUT: DiagramLayout = layoutDiagram();
