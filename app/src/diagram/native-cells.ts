import { type HookPlan, type HookStep, iptablesPriority, type NativeChainRef } from "@nfx/engine";
import { HOOKS, type HookName, type TableName } from "@nfx/model";
import { conntrackNodeId, type NodeId, nativeNodeId, tableNodeId } from "./nodes";

/** A native nftables base chain's cell: what the engine's hook plan says of it, drawn as it is. */
export interface NativeCell {
  readonly id: NodeId;
  readonly family: "ip" | "inet";
  readonly table: string;
  readonly chain: string;
  readonly type: "filter" | "route" | "nat";
  readonly priority: number;
  readonly policy: "accept" | "drop";
}

/** Where a native cell goes among a hook's fixed cells: right after `after` (null: first in the hook). */
export interface NativeSlot {
  readonly after: NodeId | null;
  readonly cell: NativeCell;
  /** The hook's fixed cells the plan runs (declared tables, conntrack); the others are ghosts. */
  readonly planned: readonly NodeId[];
}

export type NativeCells = Readonly<Record<HookName, readonly NativeSlot[]>>;

export const NO_NATIVE_CELLS: NativeCells = { PREROUTING: [], INPUT: [], FORWARD: [], OUTPUT: [], POSTROUTING: [] };

type Item = { readonly fixed: NodeId } | { readonly native: NativeChainRef };

/** The plan's steps of one hook as the diagram's items, the NAT core opened into its chains in their order. */
function items(hook: HookName, steps: readonly HookStep[]): Item[] {
  const out: Item[] = [];
  for (const s of steps) {
    if (s.kind === "conntrack" || s.kind === "confirm") out.push({ fixed: conntrackNodeId(hook) });
    else if (s.kind === "chain") {
      const c = s.chain;
      out.push(c.kind === "native" ? { native: c } : { fixed: tableNodeId(c.table, hook) });
    } else {
      let iptablesNat = false;
      for (const c of s.chains) {
        if (c.kind === "native") out.push({ native: c });
        else {
          iptablesNat = true;
          out.push({ fixed: tableNodeId("nat", hook) });
        }
      }
      // Without an iptables nat chain here, the nat cell (a ghost) still stands for the NAT core's place.
      if (!iptablesNat) out.push({ fixed: tableNodeId("nat", hook) });
    }
  }
  return out;
}

/**
 * Where the native base chains go in the diagram. The order is the engine's (`hookPlan`); the app only keeps
 * its fixed cells where they are (declared or not) and puts each native chain right after the fixed cell the
 * plan runs before it, so the cells read left to right (or along the hook) in the kernel's order. The plan
 * knows only declared tables: a ghost cell (an undeclared table, which runs nothing) stays in its slot after
 * the native cells that follow its neighbour.
 */
export function nativeCells(plan: HookPlan | null | undefined): NativeCells {
  if (!plan) return NO_NATIVE_CELLS;
  const out = {} as Record<HookName, NativeSlot[]>;
  let any = false;
  for (const hook of HOOKS) {
    const list = items(hook, plan[hook]);
    const slots: NativeSlot[] = [];
    const planned = list.flatMap((x) => ("fixed" in x ? [x.fixed] : []));
    let previous: NodeId | null = null;
    for (const item of list) {
      if ("fixed" in item) {
        previous = item.fixed;
        continue;
      }
      const c = item.native;
      slots.push({
        planned,
        after: previous,
        cell: {
          id: nativeNodeId(hook, c.family, c.table, c.chain),
          family: c.family,
          table: c.table,
          chain: c.chain,
          type: c.type,
          priority: c.priority,
          policy: c.policy,
        },
      });
      any = true;
    }
    out[hook] = slots;
  }
  return any ? out : NO_NATIVE_CELLS;
}

/** A key that changes exactly when the cells do, so the layout is made again only then. */
export function nativeCellsKey(cells: NativeCells): string {
  if (cells === NO_NATIVE_CELLS) return "";
  return HOOKS.map((h) => cells[h].map((s) => `${s.cell.id}@${s.after}:${s.cell.priority}`).join(",")).join("|");
}

/**
 * The fixed cell a native cell follows in the drawing: the declared one the plan runs just before it, then past
 * any ghost (an undeclared iptables table, absent from the plan) whose priority, as the engine gives it
 * (`iptablesPriority`), is lower than the native chain's: had it been declared, it would have run first.
 */
export function drawnAfter(
  slot: NativeSlot,
  hook: HookName,
  fixed: readonly { readonly id: NodeId; readonly table: TableName | null }[],
): NodeId | null {
  let i = slot.after === null ? 0 : fixed.findIndex((c) => c.id === slot.after) + 1;
  while (i < fixed.length) {
    const c = fixed[i]!;
    if (slot.planned.includes(c.id) || c.table === null) break;
    if (iptablesPriority(c.table, hook) >= slot.cell.priority) break;
    i++;
  }
  return i === 0 ? null : fixed[i - 1]!.id;
}
