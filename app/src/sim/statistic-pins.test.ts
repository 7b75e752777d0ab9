import type { Scenario } from "@nfx/scenario";
import { describe, expect, it } from "vitest";
import { type AppStore, createAppStore } from "../state/store";
import { createInProcessEngine } from "./in-process";
import { toStatisticPins } from "./statistic-pins";

/** A node forwarding a service with two endpoints, as kube-proxy writes it: 1/2, then the rest. */
const RULESET = `*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-WEB - [0:0]
:KUBE-SEP-A - [0:0]
:KUBE-SEP-B - [0:0]
-A PREROUTING -j KUBE-SERVICES
-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m tcp --dport 80 -j KUBE-SVC-WEB
-A KUBE-SVC-WEB -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-A
-A KUBE-SVC-WEB -j KUBE-SEP-B
-A KUBE-SEP-A -p tcp -m tcp -j DNAT --to-destination 10.244.1.5:8080
-A KUBE-SEP-B -p tcp -m tcp -j DNAT --to-destination 10.244.2.7:8080
COMMIT
`;

const SCENARIO: Scenario = {
  version: 1,
  host: {
    interfaces: [
      { name: "eth0", addr: "10.0.0.10/24" },
      { name: "cni0", addr: "10.244.0.1/16" },
    ],
    routes: [],
    ip_forward: true,
    listen: [],
    conntrack: "on",
  },
  ruleset: RULESET,
  packets: Array.from({ length: 12 }, (_, i) => ({
    from: "eth0",
    proto: "tcp" as const,
    src: "10.0.0.20",
    sport: 40000 + i,
    dst: "10.96.0.10",
    dport: 80,
    flags: "S",
  })),
  seed: 7,
};

async function settled(store: AppStore) {
  for (let i = 0; i < 50 && store.getState().status !== "idle"; i++) await new Promise((r) => setTimeout(r, 0));
}

const destinations = (store: AppStore) =>
  store.getState().view!.result.packets.map((p) => p.egress?.header.match(/> (\S+):/)?.[1] ?? p.fate);

describe("statistic pins", () => {
  it("turns a pin on endpoint k into misses before it and a match on it", () => {
    const pins = toStatisticPins({ "nat:KUBE-SVC-WEB": 2 }, () => [0, 1, 2, 3]);
    expect([...pins]).toEqual([
      ["nat:KUBE-SVC-WEB:1", false],
      ["nat:KUBE-SVC-WEB:2", false],
      ["nat:KUBE-SVC-WEB:3", true],
    ]);
  });

  it("pinning endpoint 2 of a two-endpoint service sends every packet there; unpinning draws again", async () => {
    const store = createAppStore({ engine: createInProcessEngine(), scenario: SCENARIO, animate: false });
    await settled(store);
    const drawn = destinations(store);
    expect(new Set(drawn)).toEqual(new Set(["10.244.1.5", "10.244.2.7"])); // random: both endpoints get some
    expect(store.getState().view!.statisticPins).toEqual({});
    store.getState().setPin("nat", "KUBE-SVC-WEB", 1);
    await settled(store);
    expect(destinations(store)).toEqual(Array(12).fill("10.244.2.7"));
    // The view says which pins decided, so the rules panel explains the rule by its pin.
    expect(store.getState().view!.statisticPins).toEqual({ "nat:KUBE-SVC-WEB:1": false });
    store.getState().setPin("nat", "KUBE-SVC-WEB", 0);
    await settled(store);
    expect(destinations(store)).toEqual(Array(12).fill("10.244.1.5"));
    store.getState().setPin("nat", "KUBE-SVC-WEB", null);
    await settled(store);
    expect(destinations(store)).toEqual(drawn);
  });
});
