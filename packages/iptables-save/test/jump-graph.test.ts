import { describe, expect, it } from "vitest";
import { rng } from "../../cli/test/fuzz/inputs";
import { JumpGraph, MAX_USER_DEPTH } from "../src/jump-graph";

/** A random table's jumps: `n` chains, the first `bases` of them base chains, with or without loops. */
function randomGraph(random: ReturnType<typeof rng>, n: number, bases: number, loops: boolean) {
  const from: number[] = [];
  const to: number[] = [];
  const jumps = random.int(n * 3);
  for (let k = 0; k < jumps; k++) {
    const a = random.int(n);
    // Without loops, jumps go from a lower chain to a higher user chain only.
    const b = loops ? bases + random.int(n - bases) : a + 1 + random.int(Math.max(1, n - a - 1));
    if (b >= n || b < bases) continue;
    from.push(a);
    to.push(b);
  }
  return { graph: new JumpGraph(n, from, to), bases: Array.from({ length: bases }, (_, i) => i) };
}

describe("the jump graph", () => {
  it("passes each chain the bases reaching it in one pass after the walk, as a walk per base does", () => {
    const random = rng(7);
    let walked = 0;
    for (let t = 0; t < 2000; t++) {
      const n = 2 + random.int(40);
      const { graph, bases } = randomGraph(random, n, 1 + random.int(Math.min(5, n - 1)), random.int(4) === 0);
      const order = graph.walkFromBases(bases);
      expect(order === null).toBe(graph.hasProblem(bases));
      if (order === null) continue;
      walked++;
      expect([...graph.reachingBasesAfterWalk(bases, order)]).toEqual([...graph.reachingBases(bases)]);
    }
    expect(walked).toBeGreaterThan(1000);
  });

  it("finds a loop, and a walk deeper than the kernel's jump stack", () => {
    const loop = new JumpGraph(3, [0, 1, 2], [1, 2, 1]);
    expect(loop.walkFromBases([0])).toBeNull();
    const chain = (depth: number) =>
      new JumpGraph(
        depth + 1,
        Array.from({ length: depth }, (_, i) => i),
        Array.from({ length: depth }, (_, i) => i + 1),
      );
    expect(chain(MAX_USER_DEPTH).walkFromBases([0])).not.toBeNull();
    expect(chain(MAX_USER_DEPTH + 1).walkFromBases([0])).toBeNull();
  });
});
