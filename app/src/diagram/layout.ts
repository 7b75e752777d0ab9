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

const CELL_W = 100;
const CELL_H = 40;
const GAP = 8;
const PAD = 8;
const TITLE = 20;
/** Centre line of PREROUTING, FORWARD, POSTROUTING without native cells; they push it down to fit the columns. */
const BASE_ROW_Y = 552;
/** Native cells the INPUT column has room for above it before the rows must move down. */
const INPUT_ROOM = 2;
/** Half the token card's width plus a margin: tokens sit beside the vertical hooks. */
export const TOKEN_W = 236;
const TOKEN_SIDE = (CELL_W + 16) / 2 + TOKEN_W / 2 + 10;

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
  // Each native cell in a column takes a cell's height; the rows move down so the columns still fit.
  const step = CELL_H + GAP;
  const ROW_Y = BASE_ROW_Y + step * Math.max(natives.OUTPUT.length, natives.INPUT.length - INPUT_ROOM, 0);
  /** Tokens ride just under the horizontal hooks, never over a cell. */
  const TOKEN_BELOW = ROW_Y + CELL_H / 2 + 8 + 24;
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
    x: number,
    y: number,
    priority: string,
    token: Point,
    native?: NativeCell,
  ): void => add({ id, kind, x, y, w: CELL_W, h: CELL_H, hook, table, priority, token, ...(native ? { native } : {}) });

  /** A horizontal hook with its cells left to right; returns the x after it. */
  const row = (hook: HookName, x0: number, fixed: CellSpec[]): number => {
    const cells = withNatives(hook, fixed, natives[hook]);
    const w = PAD * 2 + cells.length * CELL_W + (cells.length - 1) * GAP;
    const top = ROW_Y - CELL_H / 2 - PAD - TITLE;
    hooks.push({ hook, x: x0, y: top, w, h: TITLE + CELL_H + PAD * 2, direction: "right" });
    cells.forEach(([id, kind, table, prio, native], i) => {
      const x = x0 + PAD + i * (CELL_W + GAP);
      cell(id, kind, hook, table, x, ROW_Y - CELL_H / 2, prio, { x: x + CELL_W / 2, y: TOKEN_BELOW }, native);
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
    const w = CELL_W + PAD * 2;
    const h = TITLE + PAD * 2 + cells.length * CELL_H + (cells.length - 1) * GAP;
    const top = dir === "down" ? yStart : yStart - h;
    hooks.push({ hook, x: cx - w / 2, y: top, w, h, direction: dir });
    cells.forEach(([id, kind, table, prio, native], i) => {
      const slot = dir === "down" ? i : cells.length - 1 - i;
      const y = top + TITLE + PAD + slot * (CELL_H + GAP);
      const tx = tokenSide === "left" ? cx - TOKEN_SIDE : cx + TOKEN_SIDE;
      cell(id, kind, hook, table, cx - CELL_W / 2, y, prio, { x: tx, y: y + CELL_H / 2 }, native);
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
  edges.push({ id: "gen->rt_out", from: "gen", to: "rt_out", points: [left("gen"), right("rt_out")], dashed: true });
  const out = cellsOf("OUTPUT");
  edges.push({ id: `rt_out->${out[0]}`, from: "rt_out", to: out[0]!, points: [bottom("rt_out"), top(out[0]!)] });
  chain([...out, "out.reroute", "merge"], "down");
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
