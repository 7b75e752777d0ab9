import { type EcnMatch, formatTcpFlags, TCP_CWR, TCP_ECE } from "@nfx/model";
import type { Condition, MatchDefinition } from "./condition";

/** The IP header's ECN field: the TOS byte's two low bits. */
const IP_ECN_MASK = 3;

/**
 * `-m ecn` (`ecn_mt4()`): the IP ECN field first, then the TCP flags. A flag test reads the TCP header, so it
 * fails on any other protocol, negated or not (iptables only accepts it with `-p tcp`).
 */
export const ecnDefinition: MatchDefinition<EcnMatch> = {
  needsConntrack: false,
  conditions(match) {
    const out: Condition[] = [];
    if (match.ipEct) {
      const { value, invert } = match.ipEct;
      out.push({
        code: "ecn.ect",
        option: "--ecn-ip-ect",
        invert,
        rule: String(value),
        test: (skb) => ((skb.tos & IP_ECN_MASK) === value) !== invert,
        packet: (skb) => String(skb.tos & IP_ECN_MASK),
      });
    }
    for (const [code, option, test, bit] of [
      ["ecn.ece", "--ecn-tcp-ece", match.ece, TCP_ECE],
      ["ecn.cwr", "--ecn-tcp-cwr", match.cwr, TCP_CWR],
    ] as const) {
      if (!test) continue;
      const invert = test.invert;
      out.push({
        code,
        option,
        invert,
        rule: "",
        test: (skb) => skb.proto === "tcp" && ((skb.flags & bit) !== 0) !== invert,
        packet: (skb) => (skb.proto === "tcp" ? formatTcpFlags(skb.flags) : null),
      });
    }
    return out;
  },
};
