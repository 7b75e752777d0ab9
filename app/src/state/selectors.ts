import { type HookName, TABLE_HOOKS, type TableName } from "@nfx/model";
import type { NodeId } from "../diagram/nodes";
import { buildFrames, type Frame, type PlayItem, playItems } from "../playback/frames";
import type { ChainView, SimView } from "../sim/protocol";
import type { AppState } from "./store";

/**
 * Named selectors. Derived data is memoised on the identity of what it derives from (a view object is
 * replaced, never mutated), so components re-render only when the underlying data changes.
 */

interface Derived {
  readonly items: PlayItem[];
  readonly frames: Frame[];
}
const derivedCache = new WeakMap<SimView, Derived>();
const EMPTY: Derived = { items: [], frames: [] };

function derived(state: Pick<AppState, "view" | "scenario">): Derived {
  const view = state.view;
  if (!view) return EMPTY;
  let d = derivedCache.get(view);
  if (!d) {
    const items = playItems(view, state.scenario.packets);
    d = { items, frames: buildFrames(items) };
    derivedCache.set(view, d);
  }
  return d;
}

export const selectFrames = (s: Pick<AppState, "view" | "scenario">): Frame[] => derived(s).frames;
export const selectItems = (s: Pick<AppState, "view" | "scenario">): PlayItem[] => derived(s).items;
export const selectCurrentFrame = (s: AppState): Frame | null => selectFrames(s)[s.cursor] ?? null;
export const selectCurrentNode = (s: AppState): NodeId | null => selectCurrentFrame(s)?.node ?? null;

/** "idle" when nothing is computing or playing: the signal e2e tests wait on. */
export const selectIdle = (s: AppState): boolean => s.status === "idle" && !s.playing && s.view !== null;

export function selectChain(s: AppState, table: string, chain: string): ChainView | null {
  return s.view?.chains.find((c) => c.table === table && c.name === chain) ?? null;
}

const NO_NODES: ReadonlySet<string> = new Set();

/** Which table-in-hook cells the ruleset declares (iptables-nft: undeclared base chains do not exist). */
const declaredCache = new WeakMap<SimView, ReadonlySet<string>>();
export function selectDeclared(s: AppState): ReadonlySet<string> {
  const view = s.view;
  if (!view) return NO_NODES;
  let d = declaredCache.get(view);
  if (!d) {
    const set = new Set<string>();
    for (const c of view.chains) {
      if ((TABLE_HOOKS[c.table] as readonly string[]).includes(c.name)) set.add(`${c.table} ${c.name}`);
    }
    d = set;
    declaredCache.set(view, d);
  }
  return d;
}

export function isDeclared(declared: ReadonlySet<string>, table: TableName, hook: HookName): boolean {
  return declared.has(`${table} ${hook}`);
}

/** Nodes the current packet visits, to dim the rest of the map while it plays. */
const pathCache = new WeakMap<Frame[], Map<number, ReadonlySet<NodeId>>>();
export function selectPathNodes(s: AppState): ReadonlySet<NodeId> | null {
  const frames = selectFrames(s);
  const f = frames[s.cursor];
  if (!f) return null;
  let byItem = pathCache.get(frames);
  if (!byItem) {
    byItem = new Map();
    pathCache.set(frames, byItem);
  }
  let set = byItem.get(f.item);
  if (!set) {
    const nodes = new Set<NodeId>();
    for (const fr of frames) if (fr.item === f.item) nodes.add(fr.node);
    set = nodes;
    byItem.set(f.item, set);
  }
  return set;
}

/** Packets that have entered each cell up to the cursor: the live per-cell counter. */
let countsMemo: { frames: Frame[]; cursor: number; out: ReadonlyMap<NodeId, number> } | null = null;
export function selectCellCounts(s: AppState): ReadonlyMap<NodeId, number> {
  const frames = selectFrames(s);
  if (countsMemo && countsMemo.frames === frames && countsMemo.cursor === s.cursor) return countsMemo.out;
  const seen = new Map<NodeId, Set<number>>();
  for (let i = 0; i <= s.cursor && i < frames.length; i++) {
    const f = frames[i]!;
    if (!f.rule) continue;
    const items = seen.get(f.node) ?? new Set<number>();
    seen.set(f.node, items);
    items.add(f.item);
  }
  const out = new Map<NodeId, number>();
  for (const [k, v] of seen) out.set(k, v.size);
  countsMemo = { frames, cursor: s.cursor, out };
  return out;
}
