import { TABLE_HOOKS, type TableName, type TargetKind } from "@nfx/model";
import type { BaseChain } from "../refuse-in-order";
import { graphHasProblem } from "../table-problems";
import { ALL_HOOKS, allowedHooks, hookBit, tablePlacement } from "../target-placement";

/**
 * One table's whole-table check on facts alone (each rule's chain, target kind and jump destination as chain
 * indexes, and the hooks its matches allow), without rule objects: the same first, linear pass as tableProblems
 * (table-problems.ts), which says only WHETHER some rule is refused. It is true exactly when tableProblems would
 * find a problem; the caller then runs the full parse, whose tableProblems says which rules and why.
 */
export class TableFacts {
  private readonly isBase: Uint8Array;
  private readonly baseHook: Int32Array;
  private readonly bases: BaseChain[] = [];
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly limitedChain: number[] = [];
  private readonly limitedAllowed: number[] = [];
  /** Set by the first rule refused without the graph. */
  private refused = false;
  /** By target kind: the hooks it may be used from, or -1 when this table may not have it at all. */
  private readonly kindHooks = new Map<TargetKind, number>();

  /** `size`: how many chains the table has; `idOf`: a chain's index in the table (declaration order), by name. */
  constructor(
    private readonly table: TableName,
    size: number,
    idOf: (name: string) => number | undefined,
  ) {
    this.isBase = new Uint8Array(size);
    this.baseHook = new Int32Array(size);
    for (const hook of TABLE_HOOKS[table]) {
      const id = idOf(hook);
      if (id === undefined) continue;
      this.bases.push({ chain: id, hook: hookBit(hook) });
      this.isBase[id] = 1;
      this.baseHook[id] = hookBit(hook);
    }
  }

  /**
   * Adds a rule of chain `i` (tableProblems' walk, with `report` on): its target's kind, for a jump or goto the
   * index of the chain it names (-1: no such chain), and the hooks its matches allow.
   */
  add(i: number, kind: TargetKind | null, to: number, matchAllowed: number): void {
    if (this.refused) return;
    const isBase = this.isBase[i] === 1;
    if (isBase && !(matchAllowed & this.baseHook[i]!)) {
      this.refused = true;
    } else if (kind === null) {
      if (!isBase && matchAllowed !== ALL_HOOKS) this.limited(i, matchAllowed);
    } else if (kind === "jump" || kind === "goto") {
      if (to < 0 || this.isBase[to]) this.refused = true;
      else {
        this.from.push(i);
        this.to.push(to);
      }
    } else {
      let hooks = this.kindHooks.get(kind);
      if (hooks === undefined) {
        hooks = tablePlacement(this.table, kind) ? -1 : allowedHooks(kind);
        this.kindHooks.set(kind, hooks);
      }
      if (hooks === -1) {
        this.refused = true;
        return;
      }
      const allowed = hooks & matchAllowed;
      if (allowed === ALL_HOOKS) return;
      if (!isBase) this.limited(i, allowed);
      else if (!(allowed & this.baseHook[i]!)) this.refused = true;
    }
  }

  private limited(i: number, allowed: number): void {
    this.limitedChain.push(i);
    this.limitedAllowed.push(allowed);
  }

  /** Whether tableProblems would refuse any rule of the table. */
  hasProblem(): boolean {
    if (this.refused) return true;
    const { isBase, bases, from, to, limitedChain, limitedAllowed } = this;
    return graphHasProblem(isBase.length, bases, from, to, limitedChain, limitedAllowed);
  }
}
