import type { Scenario } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import twoEndpoints from "../../../conformance/corpus/nft/nft-kube-two-endpoints.scenario.json";
import { createInProcessEngine } from "../sim/in-process";
import { type AppStore, createAppStore } from "../state/store";
import { createRulesController } from "./controller";

async function settled(store: AppStore) {
  for (let i = 0; i < 50 && store.getState().status !== "idle"; i++) await new Promise((r) => setTimeout(r, 0));
}

const destinations = (store: AppStore) =>
  store.getState().view!.result.packets.map((p) => p.egress?.header.match(/> (\S+):/)?.[1] ?? p.fate);

describe("the rules controller's nft endpoint pin", () => {
  it("pins the endpoint the services list offers, as the radio button does", async () => {
    const engine = createInProcessEngine();
    const app = createAppStore({ engine, scenario: twoEndpoints as unknown as Scenario, animate: false });
    const rules = createRulesController(app, engine);
    await settled(app);
    const answer = await engine.query({
      kind: "kube-nft",
      revision: app.getState().viewRevision,
      text: "api",
      offset: 0,
      limit: 5,
    });
    if (answer.kind !== "kube-nft") throw new Error(answer.kind);
    const [api] = answer.services;
    const pod = api!.endpoints.find((e) => e.destination === "10.244.2.7:8080")!;
    rules.pinNumgen(api!.family, api!.table, api!.chain!, pod.values[0]!);
    await settled(app);
    expect(destinations(app)).toEqual(["10.244.2.7", "10.244.2.7", "10.244.2.7"]);
    rules.pinNumgen(api!.family, api!.table, api!.chain!, null);
    await settled(app);
    expect(destinations(app)).toEqual(["10.244.2.7", "10.244.1.6", "10.244.2.7"]);
  });
});
