import { type Proto, parseIpv4, parseTcpFlags } from "@nfx/model";
import {
  type Conn,
  IPS_ASSURED,
  IPS_CONFIRMED,
  IPS_DST_NAT,
  IPS_EXPECTED,
  IPS_SEEN_REPLY,
  IPS_SRC_NAT,
  type Tuple,
} from "../conntrack/conn";
import type { PacketSnapshot } from "../result";
import { PROTO_NUMBER, type Skb } from "../skb";
import type { MatchEnv } from "./condition";

const STATUS_BIT = {
  EXPECTED: IPS_EXPECTED,
  SEEN_REPLY: IPS_SEEN_REPLY,
  ASSURED: IPS_ASSURED,
  CONFIRMED: IPS_CONFIRMED,
  SNAT: IPS_SRC_NAT,
  DNAT: IPS_DST_NAT,
} as const satisfies Record<PacketSnapshot["ctStatus"][number], number>;

function ip(text: string): number {
  const v = parseIpv4(text);
  if (v === null) throw new Error(`snapshot address ${text} is not an IPv4 address`);
  return v;
}

/** A tuple back from its header (`tcp 10.0.0.2:40000 > 10.0.0.1:80`, `icmp a > b type 8 id 7`). */
export function tupleFromHeader(header: string): Tuple {
  const icmp = /^icmp (\S+) > (\S+) type (\d+) id (\d+)$/.exec(header);
  if (icmp)
    return { proto: "icmp", src: ip(icmp[1]!), dst: ip(icmp[2]!), sport: Number(icmp[4]), dport: Number(icmp[3]) };
  const l4 = /^(tcp|udp) ([\d.]+):(\d+) > ([\d.]+):(\d+)$/.exec(header);
  if (!l4) throw new Error(`snapshot tuple "${header}" is not a tuple header`);
  return {
    proto: l4[1] as Proto,
    src: ip(l4[2]!),
    dst: ip(l4[4]!),
    sport: Number(l4[3]),
    dport: Number(l4[5]),
  };
}

/**
 * The packet of a snapshot as the engine's conditions read it: the fields they test, the connection's tuples,
 * status and mark. Explanations run the engine's own tests on it, never a copy of them.
 */
export function skbFromSnapshot(p: PacketSnapshot): Skb {
  const ct: Conn | null =
    p.ctDirection === null || p.ctOriginal === null || p.ctReply === null
      ? null
      : {
          id: 0,
          tuple: [tupleFromHeader(p.ctOriginal), tupleFromHeader(p.ctReply)],
          status: p.ctStatus.reduce((bits, name) => bits | STATUS_BIT[name], 0),
          mark: p.ctMark,
          zone: 0,
          tcpState: null,
          nextSeq: [null, null],
          created: 0,
          dead: false,
          expires: 0,
          unacked: [false, false],
          closeInit: false,
          win: null,
          last: null,
          packets: [0, 0],
          bytes: [0, 0],
        };
  return {
    proto: p.proto,
    protoNum: PROTO_NUMBER[p.proto],
    src: ip(p.src),
    dst: ip(p.dst),
    sport: p.sport,
    dport: p.dport,
    flags: parseTcpFlags(p.flags) ?? 0,
    icmpType: p.icmpType,
    icmpCode: p.icmpCode,
    icmpId: 0,
    icmpSeq: 0,
    ttl: p.ttl,
    tos: p.tos,
    id: 0,
    seq: 0,
    ack: 0,
    payloadLength: 0,
    length: p.length,
    mark: p.mark,
    inIface: p.inIface,
    outIface: p.outIface,
    macSrc: p.macSrc,
    ct,
    ctinfo: p.ctinfo,
    ctDir: p.ctDirection === "REPLY" ? 1 : 0,
    ctDone: true,
    zone: 0,
    inner: null,
    window: 0,
    uid: typeof p.socket === "object" ? (p.socket?.uid ?? 0) : 0,
    gid: typeof p.socket === "object" ? (p.socket?.gid ?? 0) : 0,
    socket: p.socket === null ? "none" : p.socket === "kernel" ? "kernel" : "process",
    pktType: p.pktType,
  };
}

/** The routing answers a snapshot recorded, for `-m addrtype`; nothing else of the host is needed. */
export function envFromSnapshot(p: PacketSnapshot, skb: Skb): MatchEnv {
  return {
    routing: {
      addressType(addr, iface) {
        const pair =
          iface === undefined ? ([p.srcType, p.dstType] as const) : iface === p.inIface ? p.typesOnIn : p.typesOnOut;
        return addr === skb.src ? pair[0] : pair[1];
      },
    },
    warn: () => {},
    now: 0,
    random: () => 0,
  };
}
