import type { OutcomeRecorder } from "./outcome";
import type { Routing } from "./routing/routing";

/** A seeded random source in [0, 1): the engine never calls Math.random, so a scenario always replays alike. */
export type Random = () => number;

/**
 * What a match or target may read besides the packet: the host's routing, the simulated clock and the seeded
 * random source, and where its warnings and log lines go. One per packet in flight (a reply the host sends
 * from inside a traversal has its own), so nothing in it changes while a packet is on its way. Rule state
 * (nth counters, limit buckets) lives in the compiled rule.
 */
export interface EvalEnv {
  readonly routing: Routing;
  /** Simulated time in milliseconds. */
  readonly now: number;
  readonly random: Random;
  warn(message: string): void;
  log(line: string): void;
}

/** The environment of one packet in flight, whose warnings and LOG lines go to its own recorder. */
export function recordingEnv(rec: OutcomeRecorder, routing: Routing, now: number, random: Random): EvalEnv {
  return {
    routing,
    now,
    random,
    warn: (message) => rec.warn(message),
    log: (line) => rec.step({ kind: "log", line }),
  };
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
