import { describe, expect, it } from "vitest";
import kube from "../../../conformance/corpus/kube/kube-clusterip-from-pod.scenario.json";
import { computeSimulation } from "./compute";
import { createRulesetCache } from "./ruleset-cache";

describe("sending packets one after another", () => {
  it("shows after each what a fresh engine shows for the whole scenario, the kept simulator going on", () => {
    const cache = createRulesetCache();
    const runs = [];
    for (let n = 0; n <= kube.packets.length; n++) {
      const scenario = { ...kube, packets: kube.packets.slice(0, n) };
      const sent = computeSimulation(n + 1, scenario, {}, {}, cache);
      const fresh = computeSimulation(n + 1, scenario);
      if (!sent.ok || !fresh.ok) throw new Error("expected a simulation");
      expect(sent.view).toEqual(fresh.view);
      runs.push(cache.lastRun()?.live);
    }
    // One simulator answered every packet: each send continued the last.
    expect(new Set(runs).size).toBe(1);
  });
});
