import {
  ADDRESS_TYPES,
  type AddressRange,
  type AddrtypeMatch,
  formatIpv4,
  type IprangeMatch,
  type LimitMatch,
  type StatisticMatch,
} from "@nfx/model";
import { parseAddress } from "../address";
import type { ArgCursor } from "../cursor";
import { opt } from "../format/option";
import { conflict, type MatchModule, missing, noInvert } from "../modules";
import { expectNumber } from "../numbers";
import { parseNameList } from "./lists";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export const addrtypeModule: MatchModule<AddrtypeMatch> = {
  name: "addrtype",
  options: ["--src-type", "--dst-type", "--limit-iface-in", "--limit-iface-out"],
  create: () => {
    const m: Mutable<AddrtypeMatch> = { module: "addrtype", limitIfaceIn: false, limitIfaceOut: false };
    return {
      parse(option, invert, cur) {
        if (option === "--limit-iface-in" || option === "--limit-iface-out") {
          noInvert("addrtype", option, invert, cur);
          const other = option === "--limit-iface-in" ? "--limit-iface-out" : "--limit-iface-in";
          if (option === "--limit-iface-in" ? m.limitIfaceOut : m.limitIfaceIn)
            throw conflict("addrtype", other, option, cur);
          if (option === "--limit-iface-in") m.limitIfaceIn = true;
          else m.limitIfaceOut = true;
          return;
        }
        const types = { value: parseNameList(cur.value(option), ADDRESS_TYPES, "addrtype", cur), invert };
        if (option === "--src-type") m.srcType = types;
        else m.dstType = types;
      },
      finish(_ctx, cur): AddrtypeMatch {
        if (!m.srcType && !m.dstType) throw missing("addrtype", "you must specify --src-type or --dst-type", cur);
        return m;
      },
    };
  },
  print(m) {
    const types = (list: readonly string[]) => ADDRESS_TYPES.filter((t) => list.includes(t)).join(",");
    return (
      ` -m addrtype${opt("--src-type", m.srcType, types)}${opt("--dst-type", m.dstType, types)}` +
      `${m.limitIfaceIn ? " --limit-iface-in" : ""}${m.limitIfaceOut ? " --limit-iface-out" : ""}`
    );
  },
};

function parseRange(text: string, cur: ArgCursor): AddressRange {
  const dash = text.indexOf("-");
  const column = cur.column();
  const from = parseAddress(dash < 0 ? text : text.slice(0, dash), column);
  const to = dash < 0 ? from : parseAddress(text.slice(dash + 1), column);
  return { from, to };
}

export const iprangeModule: MatchModule<IprangeMatch> = {
  name: "iprange",
  options: ["--src-range", "--dst-range"],
  create: () => {
    const m: Mutable<IprangeMatch> = { module: "iprange" };
    return {
      parse(option, invert, cur) {
        const range = { value: parseRange(cur.value(option), cur), invert };
        if (option === "--src-range") m.src = range;
        else m.dst = range;
      },
      finish(_ctx, cur): IprangeMatch {
        if (!m.src && !m.dst)
          throw cur.error("missing-option", "iprange match: You must specify `--src-range' or `--dst-range'");
        return m;
      },
    };
  },
  print(m) {
    const range = (r: { from: number; to: number }) => `${formatIpv4(r.from)}-${formatIpv4(r.to)}`;
    return ` -m iprange${opt("--src-range", m.src, range)}${opt("--dst-range", m.dst, range)}`;
  },
};

export const statisticModule: MatchModule<StatisticMatch> = {
  name: "statistic",
  options: ["--mode", "--probability", "--every", "--packet"],
  create: () => {
    let mode: string | undefined;
    let invert = false;
    let probability: number | undefined;
    let every: number | undefined;
    let packet: number | undefined;
    return {
      parse(option, inv, cur) {
        const text = cur.value(option);
        if (option === "--mode") {
          noInvert("statistic", option, inv, cur);
          if (text !== "random" && text !== "nth") throw cur.error("bad-value", `statistic: Bad mode "${text}"`);
          mode = text;
        } else if (option === "--probability") {
          const p = Number(text);
          if (text === "" || !(p >= 0 && p <= 1)) {
            throw cur.error("bad-number", "statistic: --probability must be between 0 and 1");
          }
          probability = p;
          invert ||= inv;
        } else if (option === "--every") {
          every = expectNumber(text, 1, 0xffffffff, "number", cur.column());
          invert ||= inv;
        } else {
          noInvert("statistic", option, inv, cur);
          packet = expectNumber(text, 0, 0xffffffff, "number", cur.column());
        }
      },
      finish(_ctx, cur): StatisticMatch {
        if (mode === "random") {
          if (probability === undefined) throw missing("statistic", 'option "--probability" must be specified', cur);
          return { module: "statistic", mode, invert, probability };
        }
        if (mode !== "nth") throw missing("statistic", 'option "--mode" must be specified', cur);
        if (every === undefined) throw missing("statistic", 'option "--mode nth" requires "--every"', cur);
        if (packet === undefined) throw missing("statistic", 'option "--every" also requires "--packet".', cur);
        if (packet > every - 1) throw missing("statistic", "--packet out of range", cur);
        return { module: "statistic", mode, invert, every, packet };
      },
    };
  },
  print(m) {
    const not = m.invert ? " !" : "";
    if (m.mode === "random") {
      // The kernel keeps lround(p * 2^31); iptables-save prints that fraction with 11 decimals.
      const p = Math.round(m.probability * 0x80000000) / 0x80000000;
      return ` -m statistic --mode random${not} --probability ${p.toFixed(11)}`;
    }
    return ` -m statistic --mode nth${not} --every ${m.every} --packet ${m.packet}`;
  },
};

/** `XT_LIMIT_SCALE` and the units `libxt_limit.c` reads and prints, largest first. */
const SCALE = 10000;
const UNITS = [
  { name: "day", seconds: 86400, unit: "day" },
  { name: "hour", seconds: 3600, unit: "hour" },
  { name: "min", seconds: 60, unit: "minute" },
  { name: "sec", seconds: 1, unit: "second" },
] as const;

/**
 * Reads `N/unit` the way `libxt_limit.c parse_rate` does (unit is any prefix of second/minute/hour/day) and
 * returns the rate as iptables-save will print it, because the kernel keeps only the period in 1/10000 s.
 */
export function parseRate(text: string, cur: ArgCursor): LimitMatch["rate"] {
  const slash = text.indexOf("/");
  const count = Number.parseInt(text, 10);
  let seconds = 1;
  if (slash >= 0) {
    const unit = text.slice(slash + 1).toLowerCase();
    const found = unit.length > 0 && ["second", "minute", "hour", "day"].find((u) => u.startsWith(unit));
    if (!found) throw cur.error("bad-rate", `bad rate "${text}"'`);
    seconds = { second: 1, minute: 60, hour: 3600, day: 86400 }[found]!;
  }
  if (!(count > 0) || count > SCALE * seconds) throw cur.error("bad-rate", `bad rate "${text}"'`);
  return rateFromPeriod(Math.floor((SCALE * seconds) / count));
}

/** `libxt_limit.c print_rate`: the largest unit in which the period divides well. */
function rateFromPeriod(period: number): LimitMatch["rate"] {
  let i = 1;
  for (; i < UNITS.length; i++) {
    const mult = SCALE * UNITS[i]!.seconds;
    if (period > mult || Math.floor(mult / period) < mult % period) break;
  }
  const unit = UNITS[i - 1]!;
  return { count: Math.floor((SCALE * unit.seconds) / period), unit: unit.unit };
}

/** The unit word iptables-save prints. */
export function rateUnitName(unit: LimitMatch["rate"]["unit"]): string {
  return UNITS.find((u) => u.unit === unit)!.name;
}

export const limitModule: MatchModule<LimitMatch> = {
  name: "limit",
  options: ["--limit", "--limit-burst"],
  create: () => {
    let rate: LimitMatch["rate"] = { count: 3, unit: "hour" };
    let burst = 5;
    return {
      parse(option, invert, cur) {
        noInvert("limit", option, invert, cur);
        const text = cur.value(option);
        if (option === "--limit") rate = parseRate(text, cur);
        else burst = expectNumber(text, 0, 10000, "--limit-burst", cur.column());
      },
      finish(): LimitMatch {
        return { module: "limit", rate, burst };
      },
    };
  },
  print: (m) =>
    ` -m limit --limit ${m.rate.count}/${rateUnitName(m.rate.unit)}${m.burst !== 5 ? ` --limit-burst ${m.burst}` : ""}`,
};
