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

  it("the kube-nft query lists the services of the simulated ruleset, found by name, cluster IP or node port", async () => {
    const engine = createInProcessEngine();
    const store = createAppStore({ engine, scenario: SCENARIO, animate: false });
    await settled(store);
    const revision = store.getState().viewRevision;
    const all = await engine.query({ kind: "kube-nft", revision, text: "", offset: 0, limit: 50 });
    if (all.kind !== "kube-nft") throw new Error(all.kind);
    expect(all.services.map((s) => [s.name, s.clusterIp, s.nodePort, s.endpoints.length, s.noEndpoints])).toEqual([
      ["default/web:http", "10.96.0.10:80/tcp", "30080/tcp", 1, null],
      ["default/api:http", "10.96.0.20:80/tcp", null, 2, null],
      ["default/empty:http", "10.96.0.99:80/tcp", "30099/tcp", 0, "reject"],
    ]);
    const api = all.services[1]!;
    expect(api.endpoints.map((e) => [e.destination, e.values, e.effective])).toEqual([
      ["10.244.2.7:8080", [0], 0.5],
      ["10.244.1.6:8080", [1], 0.5],
    ]);
    const byPort = await engine.query({ kind: "kube-nft", revision, text: "30080", offset: 0, limit: 50 });
    expect(byPort.kind === "kube-nft" && byPort.services.map((s) => s.name)).toEqual(["default/web:http"]);
    const limited = await engine.query({ kind: "kube-nft", revision, text: "", offset: 0, limit: 1 });
    expect(limited.kind === "kube-nft" && [limited.services.length, limited.total]).toEqual([1, 3]);
    // A page at a time; a page past the end is the last one.
    const second = await engine.query({ kind: "kube-nft", revision, text: "", offset: 1, limit: 1 });
    expect(second.kind === "kube-nft" && [second.services[0]!.name, second.offset]).toEqual(["default/api:http", 1]);
    const past = await engine.query({ kind: "kube-nft", revision, text: "", offset: 7, limit: 2 });
    expect(past.kind === "kube-nft" && [past.services.map((s) => s.name), past.offset]).toEqual([
      ["default/empty:http"],
      2,
    ]);
    expect((await engine.query({ kind: "kube-nft", revision: revision + 1, text: "", offset: 0, limit: 1 })).kind).toBe(
      "stale",
    );
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
