import { type Negatable, PKT_TYPES, type PktType, type PkttypeMatch, type UnsupportedMatch } from "@nfx/model";
import { opt } from "../format/option";
import { type MatchModule, missing } from "../modules";

/**
 * The names `libxt_pkttype.c` accepts, any case; iptables-save prints the first name of each type. `otherhost`
 * is accepted too; the kernel drops such packets before netfilter sees them (`ip_rcv_core`).
 */
const PKT_TYPE_NAMES: Readonly<Record<string, PktType | "otherhost">> = {
  unicast: "unicast",
  broadcast: "broadcast",
  multicast: "multicast",
  otherhost: "otherhost",
  bcast: "broadcast",
  mcast: "multicast",
  host: "unicast",
};

export const pkttypeModule: MatchModule<PkttypeMatch> = {
  name: "pkttype",
  options: ["--pkt-type"],
  create: () => {
    let pktType: Negatable<PktType> | undefined;
    let otherhost: string[] | undefined;
    return {
      parse(option, invert, cur) {
        if (pktType) throw cur.error("duplicate-option", `pkttype: option "${option}" can only be used once.`);
        const text = cur.value(option);
        const type = PKT_TYPE_NAMES[text.toLowerCase()];
        if (type === undefined)
          throw cur.error("bad-value", `Bad packet type '${text}'`, `one of ${PKT_TYPES.join(", ")}`);
        // Kept as written: the simulator has no packets for another host's MAC to test it with.
        if (type === "otherhost") otherhost = invert ? ["!", option, type] : [option, type];
        pktType = { value: type === "otherhost" ? "unicast" : type, invert };
      },
      finish(_ctx, cur): PkttypeMatch | UnsupportedMatch {
        if (!pktType) throw missing("pkttype", 'option "--pkt-type" must be specified', cur);
        if (otherhost) return { module: "unsupported", name: "pkttype", args: otherhost };
        return { module: "pkttype", pktType };
      },
    };
  },
  print: (m) => ` -m pkttype${opt("--pkt-type", m.pktType, String)}`,
};
