import type { Ipv4, PktType, PkttypeMatch } from "@nfx/model";
import type { MatchDefinition, MatchEnv } from "./condition";

/**
 * `skb->pkt_type` of a packet that arrives on `iface`, from the link-layer destination its sender chose
 * (`eth_type_trans()`): a multicast group's MAC, the broadcast MAC for a broadcast address, else this host's.
 */
export function pktTypeOnArrival(dst: Ipv4, iface: string, routing: MatchEnv["routing"]): PktType {
  if (dst >>> 28 === 14) return "multicast";
  return routing.addressType(dst, iface) === "BROADCAST" ? "broadcast" : "unicast";
}

/** `-m pkttype` (`pkttype_mt()`): compares `skb->pkt_type` with the one named. */
export const pkttypeDefinition: MatchDefinition<PkttypeMatch> = {
  needsConntrack: false,
  conditions(match) {
    const { value, invert } = match.pktType;
    return [
      {
        code: "pkttype",
        option: "--pkt-type",
        invert,
        rule: value,
        test: (skb) => (skb.pktType === value) !== invert,
        packet: (skb) => skb.pktType,
      },
    ];
  },
};
