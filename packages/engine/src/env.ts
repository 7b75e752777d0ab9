import type { HookName, TableName } from "@nfx/model";
import type { Routing } from "./routing/routing";

/** A seeded random source in [0, 1): the engine never calls Math.random, so a scenario always replays alike. */
export type Random = () => number;

/**
 * What a match or target may read besides the packet: where the packet is, the host's routing, the simulated
 * clock and the seeded random source. Rule state (nth counters, limit buckets) lives in the compiled rule.
 */
export interface EvalEnv {
  hook: HookName;
  table: TableName;
  readonly routing: Routing;
  /** Simulated time in milliseconds. */
  now: number;
  readonly random: Random;
  warn(message: string): void;
  log(line: string): void;
}

/** mulberry32: small, fast, and good enough for `statistic --mode random` and NAT port choice. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
