import { formatTcpFlags, type Ipv4, type PktType, type Proto } from "@nfx/model";
import { addressText } from "./address-text";
import {
  type Conn,
  IPS_ASSURED,
  IPS_CONFIRMED,
  IPS_DST_NAT,
  IPS_EXPECTED,
  IPS_SEEN_REPLY,
  IPS_SRC_NAT,
  type Tuple,
} from "./conntrack/conn";
import type { CtInfo, PacketSnapshot } from "./result";
import type { Routing } from "./routing/routing";

export const PROTO_NUMBER: Readonly<Record<Proto, number>> = { icmp: 1, tcp: 6, udp: 17 };

/** The embedded header of an ICMP error, mutable because NAT rewrites it too. */
export interface Inner {
  proto: Proto;
  src: Ipv4;
  dst: Ipv4;
  sport: number;
  dport: number;
  icmpType: number;
  icmpCode: number;
  icmpId: number;
}

/**
 * A packet in flight, mutable like the kernel's skb: targets and NAT rewrite it as it goes. Everything the
 * matches read is a plain field, so the rule loop never parses or allocates.
 */
/** Who owns the socket a packet leaves with (see `Skb.socket`). */
export type SocketKind = "none" | "kernel" | "process";

export interface Skb {
  proto: Proto;
  protoNum: number;
  src: Ipv4;
  dst: Ipv4;
  sport: number;
  dport: number;
  flags: number;
  icmpType: number;
  icmpCode: number;
  icmpId: number;
  icmpSeq: number;
  ttl: number;
  tos: number;
  id: number;
  seq: number;
  ack: number;
  payloadLength: number;
  length: number;
  mark: number;
  inIface: string | null;
  outIface: string | null;
  /** Source MAC of a packet that came in from the wire. */
  macSrc: string | null;
  /** The connection the packet belongs to, once conntrack has seen it. */
  ct: Conn | null;
  ctinfo: CtInfo;
  /** Direction within `ct`: 0 original, 1 reply. */
  ctDir: 0 | 1;
  /** True for a packet whose conntrack lookup has been done (or must be skipped, as on loopback re-entry). */
  ctDone: boolean;
  /** conntrack zone set by `CT --zone` in raw. */
  zone: number;
  inner: Inner | null;
  /** TCP window (conntrack's window tracking reads it). */
  window: number;
  uid: number;
  gid: number;
  /**
   * The socket the packet leaves with, as `-m owner` sees it (`skb_to_full_sk`): a local program's, whose uid
   * and gid are `uid`/`gid` ("process"); the kernel's own control socket, which sends a closed port's RST, echo
   * replies and ICMP errors ("kernel": `--socket-exists` matches, uid and gid never do, it has no file); or none
   * (packets from the wire, REJECT's RST, the ACKs of a connection no program has accepted yet).
   */
  socket: SocketKind;
  /**
   * `skb->pkt_type` as `-m pkttype` sees it: set from the link-layer destination when a packet arrives; a packet
   * this host makes is PACKET_HOST (unicast), and only PACKET_HOST packets are forwarded.
   */
  pktType: PktType;
}

const ICMP_ERROR_TYPES: ReadonlySet<number> = new Set([3, 4, 5, 11, 12]);

export function isIcmpError(skb: Skb): boolean {
  return skb.proto === "icmp" && ICMP_ERROR_TYPES.has(skb.icmpType);
}

/** `tcp 10.0.0.2:40000 > 10.0.0.1:80` or `icmp 10.0.0.2 > 10.0.0.1 type 8 code 0`. */
export function formatHeader(skb: {
  proto: Proto;
  src: Ipv4;
  dst: Ipv4;
  sport: number;
  dport: number;
  icmpType: number;
  icmpCode: number;
}): string {
  if (skb.proto === "icmp") {
    return `icmp ${addressText(skb.src)} > ${addressText(skb.dst)} type ${skb.icmpType} code ${skb.icmpCode}`;
  }
  return `${skb.proto} ${addressText(skb.src)}:${skb.sport} > ${addressText(skb.dst)}:${skb.dport}`;
}

/** ICMP types whose second word is an identifier and a sequence number (queries and their replies). */
const ICMP_QUERY_TYPES: ReadonlySet<number> = new Set([0, 8, 13, 14, 15, 16, 17, 18]);

/**
 * What a neighbour sees of an ICMP packet beyond its header line: a query's identifier and sequence number, or
 * the header an error quotes. Nothing for TCP and UDP.
 */
export function icmpDetails(skb: Skb): { icmpId?: number; icmpSeq?: number; inner?: string } {
  if (skb.proto !== "icmp") return {};
  if (ICMP_QUERY_TYPES.has(skb.icmpType)) return { icmpId: skb.icmpId, icmpSeq: skb.icmpSeq };
  if (isIcmpError(skb) && skb.inner) return { inner: formatHeader(skb.inner) };
  return {};
}

/** TCP flag letters in bit order F S R P A U E C (the ECN flags E and C included). */
export function flagLetters(bits: number): string {
  return formatTcpFlags(bits);
}

/** IP header plus transport header plus payload, as the kernel's LEN= shows it. */
export function packetLength(proto: Proto, payloadLength: number, inner: Inner | null): number {
  if (proto === "tcp") return 40 + payloadLength;
  if (proto === "udp") return 28 + payloadLength;
  return 28 + (inner ? innerLength(inner) : payloadLength);
}

function innerLength(inner: Inner): number {
  // An ICMP error quotes the offending IP header and the first 8 bytes of its payload at least.
  return inner.proto === "tcp" ? 40 : 28;
}

type StatusName = PacketSnapshot["ctStatus"][number];

/** The status bits `--ctstatus` and the virtual `--ctstate SNAT/DNAT` read, by name, in this order. */
function statusNames(status: number): StatusName[] {
  const names: StatusName[] = [];
  if (status & IPS_EXPECTED) names.push("EXPECTED");
  if (status & IPS_SEEN_REPLY) names.push("SEEN_REPLY");
  if (status & IPS_ASSURED) names.push("ASSURED");
  if (status & IPS_CONFIRMED) names.push("CONFIRMED");
  if (status & IPS_SRC_NAT) names.push("SNAT");
  if (status & IPS_DST_NAT) names.push("DNAT");
  return names;
}

function tupleHeader(t: Tuple): string {
  if (t.proto === "icmp") return `icmp ${addressText(t.src)} > ${addressText(t.dst)} type ${t.dport} id ${t.sport}`;
  return `${t.proto} ${addressText(t.src)}:${t.sport} > ${addressText(t.dst)}:${t.dport}`;
}

/**
 * The packet as it stands now. Every chain entry of every packet makes one, so it is kept plain (no closures,
 * no array callbacks): V8 then compiles it quickly, which a fresh `nfx trace` pays for on its own CPU time.
 * `header` is formatHeader(skb), when the caller has it already.
 */
export function snapshot(skb: Skb, routing: Routing, header = formatHeader(skb)): PacketSnapshot {
  const ct = skb.ct;
  const { src, dst, inIface, outIface } = skb;
  return {
    header,
    proto: skb.proto,
    src: addressText(src),
    dst: addressText(dst),
    sport: skb.sport,
    dport: skb.dport,
    flags: skb.proto === "tcp" ? flagLetters(skb.flags) : "",
    icmpType: skb.icmpType,
    icmpCode: skb.icmpCode,
    ttl: skb.ttl,
    tos: skb.tos,
    mark: skb.mark,
    length: skb.length,
    inIface,
    outIface,
    ctinfo: skb.ctinfo,
    ctDirection: ct ? (skb.ctDir === 0 ? "ORIGINAL" : "REPLY") : null,
    ctMark: ct ? ct.mark : 0,
    ctStatus: ct ? statusNames(ct.status) : [],
    ctOriginal: ct ? tupleHeader(ct.tuple[0]) : null,
    ctReply: ct ? tupleHeader(ct.tuple[1]) : null,
    ...routing.packetTypes(src, dst, inIface, outIface),
    macSrc: skb.macSrc,
    socket: skb.socket === "process" ? { uid: skb.uid, gid: skb.gid } : skb.socket === "kernel" ? "kernel" : null,
    pktType: skb.pktType,
  };
}
