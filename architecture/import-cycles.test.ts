import { describe, expect, it } from "vitest";
import { importCycles, importGraph } from "./import-graph";

// The headless packages and the app, tests included: a test that imports in a circle hides a tangle as well.
const graph = importGraph(["packages", "app/src"]);

const show = (cycles: string[][]) => cycles.map((c) => c.join(" -> "));

describe("import cycles", () => {
  it("reads the whole source tree", () => {
    // A walk that silently found nothing would pass every check below.
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get("packages/engine/src/simulator.ts")?.map((e) => e.to)).toContain("packages/engine/src/kernel.ts");
    // Workspace packages resolve through their exports, so a cycle through @nfx/* would be seen too.
    const intoPackages = [...graph].filter(
      ([from, edges]) => from.startsWith("app/") && edges.some((e) => e.specifier.startsWith("@nfx/")),
    );
    expect(intoPackages.length).toBeGreaterThan(10);
    expect(graph.get("packages/cli/src/commands/trace.ts")?.map((e) => e.to)).toContain(
      "packages/scenario/src/index.ts",
    );
  });

  it("has no cycle of imports that load a module at run time", () => {
    expect(show(importCycles(graph, (edge) => !edge.typeOnly))).toEqual([]);
  });

  it("has no cycle even through `import type`, but for the ones listed here", () => {
    // Type-only cycles load nothing, but they still tie two files into one concept. Each listed one is to
    // be removed; the test fails when one disappears, so the list never lags behind the code.
    const known = [
      // store.ts runs selectors; selectors.ts takes AppState from store.ts. Goes with the store's per-instance
      // state rework (issue 9 part 4), which can move AppState to a file of its own.
      "app/src/state/selectors.ts -> app/src/state/store.ts -> app/src/state/selectors.ts",
    ];
    expect(show(importCycles(graph))).toEqual(known);
  });
});
