import { type HookName, TABLE_HOOKS, type TableName } from "@nfx/model";
import type { NodeId } from "../diagram/nodes";
import { buildFrames, type Frame, type PlayItem, playItems } from "../playback/frames";
import type { ChainView, SimView } from "../sim/protocol";
import type { AppState } from "./store";

/**
 * Named selectors. Derived data is memoised on the identity of what it derives from (a view object is
 * replaced, never mutated), so components re-render only when the underlying data changes. The memos belong
 * to the store instance (`AppState.memo`): two stores never share them.
 */

interface Derived {
  readonly items: PlayItem[];
  readonly frames: Frame[];
}
const EMPTY: Derived = { items: [], frames: [] };

/** One store's memos; made by `createAppStore`, never replaced. */
export interface SelectorMemo {
  readonly derived: WeakMap<SimView, Derived>;
  readonly declared: WeakMap<SimView, ReadonlySet<string>>;
  readonly paths: WeakMap<Frame[], Map<number, ReadonlySet<NodeId>>>;
  counts: { frames: Frame[]; cursor: number; out: ReadonlyMap<NodeId, number> } | null;
}

export function createSelectorMemo(): SelectorMemo {
  return { derived: new WeakMap(), declared: new WeakMap(), paths: new WeakMap(), counts: null };
}

type Derivable = Pick<AppState, "view" | "scenario" | "memo">;

function derived(state: Derivable): Derived {
  const view = state.view;
  if (!view) return EMPTY;
  let d = state.memo.derived.get(view);
  if (!d) {
    const items = playItems(view, state.scenario.packets);
    d = { items, frames: buildFrames(items) };
    state.memo.derived.set(view, d);
  }
  return d;
}

export const selectFrames = (s: Derivable): Frame[] => derived(s).frames;
export const selectItems = (s: Derivable): PlayItem[] => derived(s).items;
export const selectCurrentFrame = (s: AppState): Frame | null => selectFrames(s)[s.cursor] ?? null;
export const selectCurrentNode = (s: AppState): NodeId | null => selectCurrentFrame(s)?.node ?? null;

/** "idle" when nothing is computing or playing: the signal e2e tests wait on. */
export const selectIdle = (s: AppState): boolean => s.status === "idle" && !s.playing && s.view !== null;

export function selectChain(s: AppState, table: string, chain: string): ChainView | null {
  return s.view?.chains.find((c) => c.table === table && c.name === chain) ?? null;
}

const NO_NODES: ReadonlySet<string> = new Set();

/** Which table-in-hook cells the ruleset declares (iptables-nft: undeclared base chains do not exist). */
export function selectDeclared(s: AppState): ReadonlySet<string> {
  const view = s.view;
  if (!view) return NO_NODES;
  let d = s.memo.declared.get(view);
  if (!d) {
    const set = new Set<string>();
    for (const c of view.chains) {
      if ((TABLE_HOOKS[c.table] as readonly string[]).includes(c.name)) set.add(`${c.table} ${c.name}`);
    }
    d = set;
    s.memo.declared.set(view, d);
  }
  return d;
}

export function isDeclared(declared: ReadonlySet<string>, table: TableName, hook: HookName): boolean {
  return declared.has(`${table} ${hook}`);
}

/** Nodes the current packet visits, to dim the rest of the map while it plays. */
export function selectPathNodes(s: AppState): ReadonlySet<NodeId> | null {
  const frames = selectFrames(s);
  const f = frames[s.cursor];
  if (!f) return null;
  let byItem = s.memo.paths.get(frames);
  if (!byItem) {
    byItem = new Map();
    s.memo.paths.set(frames, byItem);
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
export function selectCellCounts(s: AppState): ReadonlyMap<NodeId, number> {
  const frames = selectFrames(s);
  const memo = s.memo.counts;
  if (memo && memo.frames === frames && memo.cursor === s.cursor) return memo.out;
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
  s.memo.counts = { frames, cursor: s.cursor, out };
  return out;
}
