import { HOOKS, type HookName, isBuiltinChain, TARGET_PLACES, type Table } from "@nfx/model";
import { targetAllowed } from "./target-places";

function jumpsOf(table: Table): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const c of table.chains) {
    const out = new Set<string>();
    for (const r of c.rules) {
      const t = r.target;
      if (t && (t.kind === "jump" || t.kind === "goto")) out.add(t.chain);
    }
    edges.set(c.name, out);
  }
  return edges;
}

/** For every chain, the hooks whose base chain reaches it through jumps and gotos (bit i = HOOKS[i]). */
function reachMasks(table: Table, edges: Map<string, Set<string>>): Map<string, number> {
  const mask = new Map<string, number>();
  for (const c of table.chains) {
    if (!isBuiltinChain(table.name, c.name)) continue;
    const bit = 1 << HOOKS.indexOf(c.name as HookName);
    const stack: string[] = [c.name];
    while (stack.length) {
      const name = stack.pop()!;
      const m = mask.get(name) ?? 0;
      if (m & bit) continue;
      mask.set(name, m | bit);
      for (const next of edges.get(name) ?? []) stack.push(next);
    }
  }
  return mask;
}

/** The hooks of the base chains that reach `chain` (for a built-in chain, its own hook). */
export function reachingHooks(table: Table, chain: string): HookName[] {
  if (isBuiltinChain(table.name, chain)) return [chain];
  const m = reachMasks(table, jumpsOf(table)).get(chain) ?? 0;
  return HOOKS.filter((_, i) => m & (1 << i));
}

function findLoop(edges: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, 1 | 2>();
  for (const start of edges.keys()) {
    if (state.has(start)) continue;
    // Iterative DFS: kube-proxy tables have tens of thousands of chains, too deep for recursion.
    const path: string[] = [];
    const iters: Iterator<string>[] = [];
    state.set(start, 1);
    path.push(start);
    iters.push((edges.get(start) ?? new Set<string>()).values());
    while (iters.length) {
      const step = iters[iters.length - 1]!.next();
      if (step.done) {
        state.set(path.pop()!, 2);
        iters.pop();
        continue;
      }
      const next = step.value;
      const s = state.get(next);
      if (s === 1) return [...path.slice(path.indexOf(next)), next];
      if (s === 2 || !edges.has(next)) continue;
      state.set(next, 1);
      path.push(next);
      iters.push(edges.get(next)!.values());
    }
  }
  return null;
}

/**
 * What the kernel would refuse in this table, or null: a jump to a chain that does not exist, a loop of
 * jumps, a target used in a table or from a hook it does not support (user chains through every base chain
 * that reaches them).
 */
export function tableProblem(table: Table): string | null {
  const edges = jumpsOf(table);
  for (const [from, tos] of edges)
    for (const to of tos) if (!edges.has(to)) return `Couldn't load target \`${to}' (in chain ${from}): no such chain`;
  const loop = findLoop(edges);
  if (loop) return `Too many levels of symbolic links: the jumps ${loop.join(" -> ")} make a loop`;
  let masks: Map<string, number> | null = null;
  for (const c of table.chains) {
    for (const r of c.rules) {
      const kind = r.target?.kind;
      if (!kind || kind === "jump" || kind === "goto") continue;
      if (!(kind === "DROP" && table.name === "nat") && !TARGET_PLACES[kind]) continue;
      let where: HookName | HookName[];
      if (isBuiltinChain(table.name, c.name)) where = c.name;
      else {
        masks ??= reachMasks(table, edges);
        const m = masks.get(c.name) ?? 0;
        where = HOOKS.filter((_, i) => m & (1 << i));
      }
      const check = targetAllowed(table.name, where, kind);
      if (!check.ok) return `${c.name}: ${check.reason}`;
    }
  }
  return null;
}
