import { type Ipv4, type PacketSpec, TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from "@nfx/model";
import { type Inner, PROTO_NUMBER, packetLength, type Skb } from "./skb";

/** A fresh skb from a scenario packet. */
export function skbFromSpec(spec: PacketSpec, ack: number): Skb {
  const skb = blank(spec.proto, spec.src, spec.dst);
  const inner: Inner | null = spec.inner ? { ...spec.inner } : null;
  skb.sport = spec.sport;
  skb.dport = spec.dport;
  skb.flags = spec.flags;
  skb.icmpType = spec.icmpType;
  skb.icmpCode = spec.icmpCode;
  skb.icmpId = spec.icmpId;
  skb.icmpSeq = spec.icmpSeq;
  skb.ttl = spec.ttl;
  skb.tos = spec.tos;
  skb.id = spec.id;
  skb.seq = spec.seq ?? 0;
  skb.window = spec.window;
  skb.ack = ack;
  skb.payloadLength = spec.payloadLength;
  skb.length = packetLength(spec.proto, spec.payloadLength, inner);
  skb.mark = spec.mark;
  skb.inner = inner;
  return skb;
}

function blank(proto: Skb["proto"], src: Ipv4, dst: Ipv4): Skb {
  return {
    proto,
    protoNum: PROTO_NUMBER[proto],
    src,
    dst,
    sport: 0,
    dport: 0,
    flags: 0,
    icmpType: 0,
    icmpCode: 0,
    icmpId: 0,
    icmpSeq: 0,
    ttl: 64,
    tos: 0,
    id: 0,
    seq: 0,
    ack: 0,
    payloadLength: 0,
    length: 0,
    mark: 0,
    inIface: null,
    outIface: null,
    macSrc: null,
    ct: null,
    ctinfo: "INVALID",
    ctDir: 0,
    ctDone: false,
    zone: 0,
    inner: null,
    window: 0,
    uid: 0,
    gid: 0,
    socket: "none",
    pktType: "unicast",
  };
}

/**
 * `nf_ct_attach()`: a packet the kernel makes in answer to another shares its connection, seen from the other
 * side (an answer to an original-direction packet is RELATED in the reply direction).
 */
export function attachConntrack(answer: Skb, cause: Skb): void {
  if (!cause.ct) return;
  answer.ct = cause.ct;
  answer.ctDir = cause.ctDir === 0 ? 1 : 0;
  answer.ctinfo = "RELATED";
  answer.ctDone = true;
  answer.zone = cause.zone;
}

/** An ICMP error about `cause`, quoting its header as it is now (`icmp_send`). */
export function icmpError(cause: Skb, type: number, code: number, src: Ipv4): Skb {
  const skb = blank("icmp", src, cause.src);
  skb.icmpType = type;
  skb.icmpCode = code;
  skb.tos = 0xc0;
  skb.inner = {
    proto: cause.proto,
    src: cause.src,
    dst: cause.dst,
    sport: cause.sport,
    dport: cause.dport,
    icmpType: cause.icmpType,
    icmpCode: cause.icmpCode,
    icmpId: cause.icmpId,
  };
  // An error quotes as much of the offending packet as fits in 576 bytes.
  skb.length = 28 + Math.min(cause.length, 548);
  attachConntrack(skb, cause);
  return skb;
}

/** The RST that REJECT --reject-with tcp-reset or a closed port sends (`nf_send_reset`, `tcp_v4_send_reset`). */
export function tcpReset(cause: Skb): Skb {
  const skb = blank("tcp", cause.dst, cause.src);
  skb.sport = cause.dport;
  skb.dport = cause.sport;
  if (cause.flags & TCP_ACK) {
    skb.flags = TCP_RST;
    skb.seq = cause.ack;
  } else {
    skb.flags = TCP_RST | TCP_ACK;
    skb.ack =
      (cause.seq + cause.payloadLength + (cause.flags & TCP_SYN ? 1 : 0) + (cause.flags & TCP_FIN ? 1 : 0)) >>> 0;
  }
  skb.length = 40;
  return skb;
}

/** A reply from a local socket or the ICMP layer: the same flow turned around. */
export function turnAround(cause: Skb, flags: number): Skb {
  const skb = blank(cause.proto, cause.dst, cause.src);
  skb.sport = cause.dport;
  skb.dport = cause.sport;
  skb.flags = flags;
  // Linux's receive window toward a peer that offered no window scaling: 44 segments of MSS 1460.
  if (cause.proto === "tcp") {
    skb.length = flags & TCP_SYN ? 44 : 40;
    skb.window = 64240;
  } else if (cause.proto === "icmp") {
    skb.icmpType = 0;
    skb.icmpId = cause.icmpId;
    skb.icmpSeq = cause.icmpSeq;
    skb.tos = cause.tos;
    skb.payloadLength = cause.payloadLength;
    skb.length = cause.length;
  } else skb.length = 28;
  return skb;
}
