/** nft's jump stack (`NFT_JUMP_STACK_SIZE`): a base chain may nest at most 15 user chains. */
export const MAX_USER_DEPTH = 15;

/** One jump or goto, from chain to chain. */
export interface Edge {
  readonly from: string;
  readonly to: string;
}

/** Why a set of jumps is refused: a loop or too deep a nesting, with the path that shows it. */
export interface GraphProblem {
  readonly kind: "loop" | "depth";
  readonly path: readonly string[];
}

/**
 * Looks for what nft's `nft_chain_validate` refuses: a loop or a nesting deeper than 15 user chains, reachable
 * from a base chain. The search stops at depth 16, so it never recurses deeper than that.
 */
export function findProblem(bases: readonly string[], edges: readonly Edge[]): GraphProblem | null {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.from);
    if (list) list.push(e.to);
    else next.set(e.from, [e.to]);
  }
  // height: user chains on the longest path starting at a chain, itself included; set once fully explored.
  const height = new Map<string, number>();
  const longest = new Map<string, string>();
  const onPath = new Set<string>();
  const path: string[] = [];

  const tail = (from: string): string[] => {
    const out: string[] = [];
    for (let c: string | undefined = from; c !== undefined; c = longest.get(c)) out.push(c);
    return out;
  };

  const visit = (chain: string, depth: number): GraphProblem | null => {
    if (onPath.has(chain)) return { kind: "loop", path: [...path, chain] };
    const known = height.get(chain);
    if (known !== undefined) {
      return depth + known - 1 > MAX_USER_DEPTH ? { kind: "depth", path: [...path, ...tail(chain)] } : null;
    }
    if (depth > MAX_USER_DEPTH) return { kind: "depth", path: [...path, chain] };
    onPath.add(chain);
    path.push(chain);
    let best = 0;
    for (const to of next.get(chain) ?? []) {
      const problem = visit(to, depth + 1);
      if (problem) return problem;
      const h = height.get(to)!;
      if (h > best) {
        best = h;
        longest.set(chain, to);
      }
    }
    path.pop();
    onPath.delete(chain);
    height.set(chain, best + 1);
    return null;
  };

  for (const base of bases) {
    path.length = 0;
    onPath.clear();
    path.push(base);
    onPath.add(base);
    for (const to of next.get(base) ?? []) {
      const problem = visit(to, 1);
      if (problem) return problem;
    }
  }
  return null;
}

/**
 * The edge whose addition first makes the graph invalid, adding edges in the given (file) order: the rule
 * iptables-nft would refuse. Binary search, since adding edges never removes a problem.
 */
export function firstOffendingEdge(bases: readonly string[], edges: readonly Edge[]): number {
  let lo = 1;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (findProblem(bases, edges.slice(0, mid))) hi = mid;
    else lo = mid + 1;
  }
  return lo - 1;
}

/** For each chain, the bit set of base chains (by index in `bases`) it can be reached from. */
export function reachingBases(bases: readonly string[], edges: readonly Edge[]): Map<string, number> {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const list = next.get(e.from);
    if (list) list.push(e.to);
    else next.set(e.from, [e.to]);
  }
  const mask = new Map<string, number>();
  bases.forEach((base, i) => {
    const bit = 1 << i;
    const stack = [base];
    while (stack.length > 0) {
      const chain = stack.pop()!;
      const m = mask.get(chain) ?? 0;
      if (m & bit) continue;
      mask.set(chain, m | bit);
      for (const to of next.get(chain) ?? []) stack.push(to);
    }
  });
  return mask;
}
