import { parseNft } from "@nfx/nftables";
import { kubeNftServices } from "@nfx/ruleset-edit";
import type { Scenario } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import twoEndpoints from "../../../conformance/corpus/nft/nft-kube-two-endpoints.scenario.json";
import { type AppStore, createAppStore } from "../state/store";
import { createInProcessEngine } from "./in-process";
import { nftPinKey, nftPinTable, toNumgenPins } from "./numgen-pins";

// Recorded on the kernel: `numgen inc mod 2` sends the three connections to 10.244.2.7, 10.244.1.6, 10.244.2.7.
const SCENARIO = twoEndpoints as unknown as Scenario;
const API = "service-4KQ7WMBN-default/api/tcp/http";

async function settled(store: AppStore) {
  for (let i = 0; i < 50 && store.getState().status !== "idle"; i++) await new Promise((r) => setTimeout(r, 0));
}

const destinations = (store: AppStore) =>
  store.getState().view!.result.packets.map((p) => p.egress?.header.match(/> (\S+):/)?.[1] ?? p.fate);

describe("numgen pins", () => {
  it("turns a pin on a service chain into a pin on its numgen rule, and ignores other pins", () => {
    const ruleset = parseNft(SCENARIO.nftables!).ruleset;
    const pins = toNumgenPins(
      { [nftPinKey("ip", "kube-proxy", API)]: 1, [nftPinKey("ip", "kube-proxy", "services")]: 0, "nat:KUBE-SVC-X": 0 },
      ruleset,
    );
    expect([...pins]).toEqual([[`ip kube-proxy:${API}:2`, 1]]);
  });

  it("pinning an endpoint of an nft kube service sends every new connection to it; unpinning draws again", async () => {
    const store = createAppStore({ engine: createInProcessEngine(), scenario: SCENARIO, animate: false });
    await settled(store);
    const drawn = destinations(store);
    expect(drawn).toEqual(["10.244.2.7", "10.244.1.6", "10.244.2.7"]);
    // What the rules panel offers: the package's reading of the service, each endpoint with the values that pick it.
    const api = kubeNftServices(parseNft(SCENARIO.nftables!).ruleset).find((s) => s.chain === API)!;
    const target = api.endpoints.find((e) => e.destination === "10.244.1.6:8080")!;
    store.getState().setPin(nftPinTable("ip", "kube-proxy"), API, target.values[0]!);
    await settled(store);
    expect(destinations(store)).toEqual(["10.244.1.6", "10.244.1.6", "10.244.1.6"]);
    const other = api.endpoints.find((e) => e.destination === "10.244.2.7:8080")!;
    store.getState().setPin(nftPinTable("ip", "kube-proxy"), API, other.values[0]!);
    await settled(store);
    expect(destinations(store)).toEqual(["10.244.2.7", "10.244.2.7", "10.244.2.7"]);
    store.getState().setPin(nftPinTable("ip", "kube-proxy"), API, null);
    await settled(store);
    expect(destinations(store)).toEqual(drawn);
  });
});
