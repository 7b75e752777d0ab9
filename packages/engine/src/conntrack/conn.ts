import type { Ipv4, Proto } from "@nfx/model";
import type { FlagClass, TcpState } from "./tcp-state";

/**
 * One direction of a connection. For ICMP the "ports" are the echo id (`sport`) and the type (`dport`),
 * which is how the kernel keys ICMP queries: a request (type 8) and its reply (type 0) share the id.
 */
export interface Tuple {
  readonly proto: Proto;
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly sport: number;
  readonly dport: number;
}

/** `ct->status` bits we model (`include/uapi/linux/netfilter/nf_conntrack_common.h`). */
export const IPS_EXPECTED = 1;
export const IPS_SEEN_REPLY = 2;
export const IPS_ASSURED = 4;
export const IPS_CONFIRMED = 8;
export const IPS_SRC_NAT = 16;
export const IPS_DST_NAT = 32;
export const IPS_SRC_NAT_DONE = 128;
export const IPS_DST_NAT_DONE = 256;

export type Manip = "SRC" | "DST";

export function natBit(manip: Manip): number {
  return manip === "SRC" ? IPS_SRC_NAT : IPS_DST_NAT;
}

export function natDoneBit(manip: Manip): number {
  return manip === "SRC" ? IPS_SRC_NAT_DONE : IPS_DST_NAT_DONE;
}

/**
 * What conntrack knows of one direction's sequence space (`struct ip_ct_tcp_state`): the highest sequence number
 * sent (`td_end`), the highest the receiver's window allows (`td_maxend`), the largest window seen (`td_maxwin`)
 * and the highest acknowledgement sent (`td_maxack`). The scenarios' segments carry no TCP options, so there is
 * no window scaling and no SACK.
 */
export interface TcpWindow {
  end: number;
  maxend: number;
  maxwin: number;
  maxack: number | null;
  /** `IP_CT_TCP_FLAG_BE_LIBERAL`: a connection picked up mid-stream is never refused for its window. */
  liberal: boolean;
}

/** A tracked connection: its two tuples (original, reply) and what conntrack knows of it. */
export interface Conn {
  readonly id: number;
  /** [original, reply]; the reply tuple changes when NAT sets up a binding. */
  tuple: [Tuple, Tuple];
  status: number;
  mark: number;
  zone: number;
  tcpState: TcpState | null;
  /** Per direction: the sequence number the next segment will carry, for packets that say `ack: "auto"`. */
  nextSeq: [number | null, number | null];
  /** Simulated time of creation, in ms: a UDP flow still active two seconds later is ASSURED. */
  readonly created: number;
  /** Killed (an RST as the only reply): gone from the table, never confirmed again. */
  dead: boolean;
  /** Simulated time (ms) at which the entry times out; every packet that refreshes it moves this on. */
  expires: number;
  /** Per direction: data sent that the other side has not yet acknowledged (`IP_CT_TCP_FLAG_DATA_UNACKNOWLEDGED`). */
  unacked: [boolean, boolean];
  /**
   * `IP_CT_TCP_FLAG_CLOSE_INIT` of either direction: a FIN moved the connection to FIN_WAIT. With it, or with a
   * RST as the last segment from the same side, a new SYN in TIME_WAIT or CLOSE reopens: the old entry is
   * deleted and the SYN looked up again (a new entry, NEW, nat rules run again).
   */
  closeInit: boolean;
  /** TCP window tracking per direction (`seen[]`); null for other protocols. */
  win: [TcpWindow, TcpWindow] | null;
  /**
   * The last segment conntrack took in (`last_index`, `last_dir`, and `last_end`, which only ACK segments and
   * ignored ones set): a RST is checked against it, and a RST as the last segment from a side lets a SYN reopen.
   */
  last: { index: FlagClass; dir: 0 | 1; end: number } | null;
  /** Per direction, counted while `nf_conntrack_acct` is on: packets and bytes (IP total length). */
  packets: [number, number];
  bytes: [number, number];
}

export function tupleKey(t: Tuple, zone: number): string {
  return `${zone}|${t.proto}|${t.src}|${t.dst}|${t.sport}|${t.dport}`;
}

export function invertTuple(t: Tuple): Tuple {
  const dport = t.proto === "icmp" ? invertIcmpType(t.dport) : t.sport;
  const sport = t.proto === "icmp" ? t.sport : t.dport;
  return { proto: t.proto, src: t.dst, dst: t.src, sport, dport };
}

/** Request types that open an ICMP "connection", with the reply type each expects (`nf_conntrack_proto_icmp.c`). */
export const ICMP_QUERY_REPLY: ReadonlyMap<number, number> = new Map([
  [8, 0],
  [13, 14],
  [15, 16],
  [17, 18],
]);

function invertIcmpType(type: number): number {
  const reply = ICMP_QUERY_REPLY.get(type);
  if (reply !== undefined) return reply;
  for (const [req, rep] of ICMP_QUERY_REPLY) if (rep === type) return req;
  return type;
}
