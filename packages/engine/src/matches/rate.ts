import type { LimitMatch, StatisticMatch } from "@nfx/model";
import type { MatchDefinition } from "./condition";

/**
 * `--mode nth`: a per-rule counter that only advances when the rule is evaluated. The kernel starts it at
 * every-1, so `--every 3 --packet 0` matches the 1st, 4th, 7th evaluation (as measured).
 */
export const statisticDefinition: MatchDefinition<StatisticMatch> = {
  needsConntrack: false,
  conditions(match) {
    const invert = match.invert;
    if (match.mode === "random") {
      // The kernel compares 31 random bits with probability * 2^31.
      const threshold = Math.floor(match.probability * 0x80000000);
      return [
        {
          code: "statistic",
          option: "--probability",
          invert,
          rule: String(match.probability),
          test: (_skb, env) => Math.floor(env.random() * 0x80000000) < threshold !== invert,
          packet: () => null,
          stateful: { kind: "random", probability: match.probability },
        },
      ];
    }
    const every = match.every - 1;
    const packet = match.packet;
    let count = every;
    return [
      {
        code: "statistic",
        option: "--every",
        invert,
        rule: `${match.every} --packet ${packet}`,
        test: () => {
          count = count === every ? 0 : count + 1;
          return (count === packet) !== invert;
        },
        packet: () => null,
        stateful: { kind: "nth", every: match.every, packet },
      },
    ];
  },
};

const UNIT_MS = { second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** `-m limit`: a token bucket holding `burst` packets, refilled at the rate, on the simulated clock. */
export const limitDefinition: MatchDefinition<LimitMatch> = {
  needsConntrack: false,
  conditions(match) {
    const interval = UNIT_MS[match.rate.unit] / match.rate.count;
    const burst = match.burst;
    let tokens = burst;
    let last: number | null = null;
    return [
      {
        code: "limit",
        option: "--limit",
        invert: false,
        rule: `${match.rate.count}/${match.rate.unit}`,
        test: (_skb, env) => {
          if (last !== null) tokens = Math.min(burst, tokens + (env.now - last) / interval);
          last = env.now;
          if (tokens >= 1) {
            tokens -= 1;
            return true;
          }
          return false;
        },
        packet: () => null,
        stateful: { kind: "limit", count: match.rate.count, unit: match.rate.unit, burst },
      },
    ];
  },
};
