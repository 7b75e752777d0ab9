import { runScenario } from "@nfx/scenario";
import type { SimulationResult } from "../src";
import { ROUTER } from "./harness";

export { ROUTER };

/** A host that runs a native nftables ruleset (and optionally an iptables one), packets written as a person would. */
export function runNft(
  nftables: string,
  packets: unknown[],
  opts: { ruleset?: string; host?: unknown; seed?: number; numgenPins?: ReadonlyMap<string, number> } = {},
): SimulationResult {
  const r = runScenario(
    {
      host: { ...((opts.host ?? ROUTER) as object), conntrack: "on" },
      nftables,
      ...(opts.ruleset === undefined ? {} : { ruleset: opts.ruleset }),
      packets,
      ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    },
    opts.numgenPins ? { numgenPins: opts.numgenPins } : {},
  );
  if (r.kind !== "ran") throw new Error(JSON.stringify(r.errors));
  return r.result;
}

/** A TCP SYN from the WAN to the router itself. */
export const syn = (dport: number, extra: object = {}) => ({
  from: "eth0",
  proto: "tcp",
  src: "10.0.0.2",
  sport: 40000,
  dst: "10.0.0.1",
  dport,
  flags: "S",
  ...extra,
});

export const traces = (r: SimulationResult) => r.packets.map((p) => p.trace);
