import { MAX_USER_DEPTH } from "./jump-graph";
import { ALL_HOOKS } from "./target-placement";

/** One rule that matters to the whole-table check, in the order the kernel receives it. */
export type BatchRule =
  /** A jump or goto from chain `from` to chain `to` (indexes); `rule` is its position in its chain. */
  | { readonly kind: "jump"; readonly from: number; readonly to: number; readonly rule: number }
  /** A target limited to some hooks (`allowed`, a bit set), in chain `chain`, at position `rule`. */
  | { readonly kind: "target"; readonly chain: number; readonly allowed: number; readonly rule: number };

/** Why the rule at `index` of the batch was refused. */
export type Refusal =
  /** A walk from a base chain that goes round a loop (`path` ends at the first chain it meets again). */
  | { readonly index: number; readonly kind: "loop"; readonly path: readonly number[] }
  /** A walk from a base chain through more than MAX_USER_DEPTH user chains. */
  | { readonly index: number; readonly kind: "depth"; readonly path: readonly number[] }
  /**
   * A limited target in `chain` would be used from `used` (hooks, a bit set): from the refused rule itself
   * (`target` is its index) or from an earlier rule whose chain the refused jump reaches.
   */
  | {
      readonly index: number;
      readonly kind: "hooks";
      readonly chain: number;
      readonly target: number;
      readonly used: number;
    };

/** A base chain: its index and its hook's bit. */
export interface BaseChain {
  readonly chain: number;
  readonly hook: number;
}

type Failure =
  | { readonly kind: "level"; readonly walk: number[] }
  | { readonly kind: "hooks"; readonly chain: number; readonly used: number };

/**
 * Adds the rules one by one in batch order, as the kernel validates the table after each (`nft_table_validate`
 * on replay), and refuses every rule whose addition would make the table invalid; a refused rule is left out,
 * and the next ones are checked without it. Only chains reached from a base chain are checked, as the kernel
 * does: a loop among chains nothing reaches is kept, and the jump that first reaches it is the one refused.
 *
 * Each chain keeps the longest walk reaching it (its level, at most MAX_USER_DEPTH) and the hooks reaching it;
 * both only grow while rules are accepted, so accepted rules cost O(MAX_USER_DEPTH + hooks) visits of each jump
 * in all. A refused rule's changes are undone; its walk stops at the first chain that would go too deep, so a loop
 * is found after at most MAX_USER_DEPTH steps round it. Iterative: no recursion, whatever the path length.
 */
export function refuseInOrder(chainCount: number, bases: readonly BaseChain[], batch: readonly BatchRule[]): Refusal[] {
  const level = new Int32Array(chainCount).fill(-1); // -1: not reached from any base chain
  const hooks = new Int32Array(chainCount);
  const allowed = new Int32Array(chainCount).fill(ALL_HOOKS);
  const via = new Int32Array(chainCount).fill(-1); // the chain one level up on a longest walk
  // Accepted jumps as linked lists: chain i's first at head[i], the next at next[k].
  const head = new Int32Array(chainCount).fill(-1);
  const next = new Int32Array(batch.length);
  const to = new Int32Array(batch.length);
  // Accepted limited targets per chain, by batch index, to say which one a refused jump offends.
  const targetsIn = new Map<number, number[]>();
  for (const b of bases) {
    level[b.chain] = 0;
    hooks[b.chain]! |= b.hook;
  }

  // What a failed addition changed, to undo it: chain, old level, old hooks, old via.
  const undo: number[] = [];
  const stackChain: number[] = [];
  const stackEdge: number[] = [];

  /** The longest walk from a base chain to `chain`, base first. */
  const walkTo = (chain: number): number[] => {
    const walk: number[] = [];
    for (let c = chain; c >= 0 && walk.length <= MAX_USER_DEPTH; c = via[c]!) walk.push(c);
    return walk.reverse();
  };

  // Survey mode: no failure stops the walk; it notes which kinds it met (levels capped one past the limit).
  let survey = false;
  let tooDeep = false;
  let misplaced = false;

  /** Gives `chain` a walk of `depth` jumps from `from` with hooks `reach`, or says why it cannot have one. */
  const raise = (chain: number, depth0: number, reach: number, from: number): Failure | "ok" | "same" => {
    const depth = survey ? Math.min(depth0, MAX_USER_DEPTH + 1) : depth0;
    const more = depth > level[chain]!;
    if (!more && (reach & ~hooks[chain]!) === 0) return "same";
    if (depth > MAX_USER_DEPTH) {
      if (!survey) return { kind: "level", walk: [] };
      tooDeep = true;
    }
    const used = hooks[chain]! | reach;
    if (used & ~allowed[chain]!) {
      if (!survey) return { kind: "hooks", chain, used };
      misplaced = true;
    }
    undo.push(chain, level[chain]!, hooks[chain]!, via[chain]!);
    if (more) {
      level[chain] = depth;
      via[chain] = from;
    }
    hooks[chain] = used;
    return "ok";
  };

  /** Spreads a new walk into `start` through every accepted jump, depth first. */
  const spread = (start: number, depth: number, reach: number, from: number): Failure | null => {
    const first = raise(start, depth, reach, from);
    if (first === "same") return null;
    if (first !== "ok") return first.kind === "level" ? { kind: "level", walk: [start] } : first;
    stackChain.length = 0;
    stackEdge.length = 0;
    stackChain.push(start);
    stackEdge.push(head[start]!);
    while (stackChain.length > 0) {
      const top = stackChain.length - 1;
      const edge = stackEdge[top]!;
      if (edge < 0) {
        stackChain.pop();
        stackEdge.pop();
        continue;
      }
      stackEdge[top] = next[edge]!;
      const chain = stackChain[top]!;
      const target = to[edge]!;
      const r = raise(target, level[chain]! + 1, hooks[chain]!, chain);
      if (r === "same") continue;
      if (r !== "ok") return r.kind === "level" ? { kind: "level", walk: [...stackChain, target] } : r;
      stackChain.push(target);
      stackEdge.push(head[target]!);
    }
    return null;
  };

  const rollBack = () => {
    for (let k = undo.length - 4; k >= 0; k -= 4) {
      const chain = undo[k]!;
      level[chain] = undo[k + 1]!;
      hooks[chain] = undo[k + 2]!;
      via[chain] = undo[k + 3]!;
    }
  };

  /**
   * The first error of the kernel's own walk (`nft_table_validate`) over the accepted rules and the jump at batch
   * `index`: each base chain in turn, each chain's rules in order, depth first; a chain that passed at some depth
   * from a hook is not walked again at that depth or less from it.
   */
  const kernelWalk = (index: number): Refusal => {
    const byChain = new Map<number, number[]>();
    for (let k = 0; k <= index; k++) {
      const r = batch[k]!;
      const c = r.kind === "jump" ? r.from : r.chain;
      const accepted = k === index || (r.kind === "jump" ? linked[k] === 1 : (targetsIn.get(c)?.includes(k) ?? false));
      if (!accepted) continue;
      const list = byChain.get(c);
      if (list) list.push(k);
      else byChain.set(c, [k]);
    }
    for (const list of byChain.values()) list.sort((x, y) => batch[x]!.rule - batch[y]!.rule);
    const passed = new Map<number, number>(); // hook * chainCount + chain -> deepest level it passed at
    const path: number[] = [];
    const visit = (chain: number, depth: number, hook: number): Refusal | null => {
      path.push(chain);
      if (depth > MAX_USER_DEPTH) {
        const seen = new Set<number>();
        const again = path.findIndex((c) => seen.has(c) || !seen.add(c));
        return again >= 0
          ? { index, kind: "loop", path: path.slice(0, again + 1) }
          : { index, kind: "depth", path: [...path] };
      }
      for (const k of byChain.get(chain) ?? []) {
        const r = batch[k]!;
        if (r.kind === "target") {
          if (!(r.allowed & hook)) return { index, kind: "hooks", chain, target: k, used: hooks[chain]! | hook };
          continue;
        }
        const key = hook * chainCount + r.to;
        if ((passed.get(key) ?? -1) >= depth + 1) continue;
        const found = visit(r.to, depth + 1, hook);
        if (found) return found;
      }
      path.pop();
      const key = hook * chainCount + chain;
      if ((passed.get(key) ?? -1) < depth) passed.set(key, depth);
      return null;
    };
    for (const b of bases) {
      path.length = 0;
      const found = visit(b.chain, 0, b.hook);
      if (found) return found;
    }
    return { index, kind: "loop", path: [] }; // not reached: the caller saw this jump fail
  };

  const refusals: Refusal[] = [];
  let limitedTargets = 0;
  const linked = new Uint8Array(batch.length);
  for (let index = 0; index < batch.length; index++) {
    const rule = batch[index]!;
    if (rule.kind === "target") {
      const { chain } = rule;
      if (level[chain]! >= 0 && hooks[chain]! & ~rule.allowed) {
        refusals.push({ index, kind: "hooks", chain, target: index, used: hooks[chain]! });
        continue;
      }
      allowed[chain]! &= rule.allowed;
      limitedTargets++;
      const list = targetsIn.get(chain);
      if (list) list.push(index);
      else targetsIn.set(chain, [index]);
      continue;
    }
    const { from, to: target } = rule;
    // Linked first, so that a walk from `target` back to `from` goes round the new jump too.
    to[index] = target;
    next[index] = head[from]!;
    head[from] = index;
    linked[index] = 1;
    if (level[from]! < 0) continue; // not reached: the kernel checks it once something jumps here
    const prefix = walkTo(from);
    undo.length = 0;
    const failure = spread(target, level[from]! + 1, hooks[from]!, from);
    if (!failure) continue;
    rollBack();
    linked[index] = 0;
    if (limitedTargets > 0) {
      // Both a loop (or depth) and a misplaced target may come with this jump: the kernel's error is the first
      // its walk meets, so walk as it does. Rare: only when a survey of the new walks finds both.
      undo.length = 0;
      survey = true;
      tooDeep = false;
      misplaced = false;
      spread(target, level[from]! + 1, hooks[from]!, from);
      survey = false;
      rollBack();
      if (tooDeep && misplaced) {
        refusals.push(kernelWalk(index));
        head[from] = next[index]!;
        continue;
      }
    }
    head[from] = next[index]!;
    if (failure.kind === "hooks") {
      const limited = targetsIn.get(failure.chain) ?? [];
      const offended = limited.find((k) => failure.used & ~(batch[k] as { allowed: number }).allowed) ?? index;
      refusals.push({ index, kind: "hooks", chain: failure.chain, target: offended, used: failure.used });
      continue;
    }
    const walk = [...prefix, ...failure.walk];
    const seen = new Set<number>();
    const again = walk.findIndex((c) => seen.has(c) || !seen.add(c));
    if (again >= 0) refusals.push({ index, kind: "loop", path: walk.slice(0, again + 1) });
    else refusals.push({ index, kind: "depth", path: walk });
  }
  return refusals;
}
