/** nft's jump stack (`NFT_JUMP_STACK_SIZE`): a base chain may nest at most 15 user chains. */
export const MAX_USER_DEPTH = 15;

/**
 * The jumps of one table as integers: chain `i` jumps to `targets[first[i] .. first[i + 1])`, in rule order.
 * This is what the whole-table check walks first, in one pass; only when it finds a problem does
 * refuse-in-order.ts add the rules one by one to say which ones the kernel refuses and why.
 */
export class JumpGraph {
  readonly first: Int32Array;
  readonly targets: Int32Array;

  /** `from[k] -> to[k]` for each jump, grouped by chain into compact arrays. */
  constructor(chainCount: number, from: readonly number[], to: readonly number[]) {
    const first = new Int32Array(chainCount + 1);
    for (let k = 0; k < from.length; k++) first[from[k]! + 1]!++;
    for (let i = 0; i < chainCount; i++) first[i + 1]! += first[i]!;
    const fill = first.slice(0, chainCount);
    const targets = new Int32Array(from.length);
    for (let k = 0; k < from.length; k++) targets[fill[from[k]!]!++] = to[k]!;
    this.first = first;
    this.targets = targets;
  }

  get chainCount(): number {
    return this.first.length - 1;
  }

  /**
   * Whether nft's `nft_chain_validate` would refuse the table: a loop reachable from a base chain, or a walk from
   * one through more than MAX_USER_DEPTH further chains. Both mean some walk from a base has more than that many
   * jumps, so one depth-first pass computing capped longest walks decides it.
   */
  hasProblem(bases: readonly number[]): boolean {
    return this.walkFromBases(bases) === null;
  }

  /**
   * hasProblem's pass, which also lists the chains reached from the bases in the order the walk left them: each
   * after every chain it jumps to. Null when there is a problem.
   */
  walkFromBases(bases: readonly number[]): Int32Array | null {
    const limit = MAX_USER_DEPTH + 2; // chains on a walk from a base with one jump too many, the base included
    const n = this.chainCount;
    // 0: not seen; -1: on the current path; otherwise chains on the longest walk starting here (capped).
    const height = new Int32Array(n);
    const stack = new Int32Array(n);
    const cursor = new Int32Array(n);
    const left = new Int32Array(n);
    let reached = 0;
    const { first, targets } = this;
    for (const base of bases) {
      if (height[base] !== 0) {
        if (height[base]! >= limit) return null;
        continue;
      }
      let top = 0;
      stack[0] = base;
      cursor[0] = first[base]!;
      height[base] = -1;
      while (top >= 0) {
        const chain = stack[top]!;
        const at = cursor[top]!;
        if (at < first[chain + 1]!) {
          cursor[top] = at + 1;
          const to = targets[at]!;
          const h = height[to]!;
          if (h === -1) return null;
          if (h === 0) {
            stack[++top] = to;
            cursor[top] = first[to]!;
            height[to] = -1;
          }
          continue;
        }
        let best = 0;
        for (let k = first[chain]!; k < first[chain + 1]!; k++)
          if (height[targets[k]!]! > best) best = height[targets[k]!]!;
        if (best + 1 >= limit) return null;
        height[chain] = best + 1;
        left[reached++] = chain;
        top--;
      }
    }
    return left.subarray(0, reached);
  }

  /**
   * reachingBases for a table walkFromBases found no loop in, from the order it gives: a chain's bases are
   * passed on to the chains it jumps to before any of those is looked at, so one pass over the jumps does.
   */
  reachingBasesAfterWalk(bases: readonly number[], walked: Int32Array): Int32Array {
    const mask = new Int32Array(this.chainCount);
    for (let i = 0; i < bases.length; i++) mask[bases[i]!]! |= 1 << i;
    const { first, targets } = this;
    for (let w = walked.length - 1; w >= 0; w--) {
      const chain = walked[w]!;
      const m = mask[chain]!;
      for (let k = first[chain]!; k < first[chain + 1]!; k++) mask[targets[k]!]! |= m;
    }
    return mask;
  }

  /** For each chain, the bit set of `bases` (by index) it can be reached from, base chains themselves included. */
  reachingBases(bases: readonly number[]): Int32Array {
    const mask = new Int32Array(this.chainCount);
    // A chain is pushed at most once per jump to it before it is marked, plus the base itself.
    const stack = new Int32Array(this.targets.length + 1);
    const { first, targets } = this;
    for (let i = 0; i < bases.length; i++) {
      const bit = 1 << i;
      let size = 0;
      stack[size++] = bases[i]!;
      while (size > 0) {
        const chain = stack[--size]!;
        if (mask[chain]! & bit) continue;
        mask[chain]! |= bit;
        for (let k = first[chain]!; k < first[chain + 1]!; k++) {
          if (!(mask[targets[k]!]! & bit)) stack[size++] = targets[k]!;
        }
      }
    }
    return mask;
  }
}
