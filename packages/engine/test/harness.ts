import { runScenario } from "@nfx/scenario";
import type { SimulationResult } from "../src";

/** A router with a WAN (eth0) and a LAN (eth1) side, as most tests want it. */
export const ROUTER = {
  interfaces: [
    { name: "eth0", addr: "10.0.0.1/24" },
    { name: "eth1", addr: "192.168.1.1/24" },
  ],
  routes: [{ dst: "0.0.0.0/0", via: "10.0.0.254", dev: "eth0" }],
  ip_forward: true,
  listen: [{ proto: "tcp", port: 22 }],
};

/** Runs a scenario written as a person would (dotted quads, iptables-save text) and returns the result. */
export function run(ruleset: string, packets: unknown[], host: unknown = ROUTER, seed?: number): SimulationResult {
  const r = runScenario({ host, ruleset, packets, ...(seed === undefined ? {} : { seed }) });
  if (r.kind !== "ran") throw new Error(JSON.stringify(r.errors));
  return r.result;
}

export const ALL_CHAINS = `*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
`;
