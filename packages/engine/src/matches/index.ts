import type { Match } from "@nfx/model";
import { compileConnmark, compileConntrack, compileState } from "./conntrack";
import { compileIcmp } from "./icmp";
import {
  compileAddrtype,
  compileDscp,
  compileIprange,
  compileLength,
  compileMac,
  compileMark,
  compileOwner,
  compileTos,
  compileTtl,
} from "./packet-fields";
import { compileMultiport, compileTcpUdp } from "./ports";
import type { Predicate } from "./predicate";
import { compileLimit, compileStatistic } from "./rate";

export type { Predicate } from "./predicate";

/** Compiles one match module into a predicate; `null` for matches that always match (comment). */
export function compileMatch(match: Match): Predicate | null {
  switch (match.module) {
    case "tcp":
    case "udp":
      return compileTcpUdp(match);
    case "icmp":
      return compileIcmp(match);
    case "multiport":
      return compileMultiport(match);
    case "iprange":
      return compileIprange(match);
    case "conntrack":
      return compileConntrack(match);
    case "state":
      return compileState(match);
    case "mark":
      return compileMark(match);
    case "connmark":
      return compileConnmark(match);
    case "comment":
      return null;
    case "addrtype":
      return compileAddrtype(match);
    case "statistic":
      return compileStatistic(match);
    case "limit":
      return compileLimit(match);
    case "length":
      return compileLength(match);
    case "ttl":
      return compileTtl(match);
    case "tos":
      return compileTos(match);
    case "dscp":
      return compileDscp(match);
    case "mac":
      return compileMac(match);
    case "owner":
      return compileOwner(match);
    case "unsupported": {
      const message = `-m ${match.name} is not modelled by the simulator; the rule is treated as not matching`;
      return (_skb, env) => {
        env.warn(message);
        return false;
      };
    }
  }
}
