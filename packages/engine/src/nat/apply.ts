import { type Conn, invertTuple, type Manip, natBit } from "../conntrack/conn";
import type { Skb } from "../skb";

const BOTH = 16 | 32;

/** The status bit that says whether this hook's manip applies to a packet going in direction `dir`. */
function statusBit(manip: Manip, dir: 0 | 1): number {
  const bit = natBit(manip);
  return dir === 0 ? bit : bit ^ BOTH;
}

/**
 * `nf_nat_packet()`: rewrite the packet to the inverse of the other direction's tuple, on the side this hook
 * manipulates (DST at PREROUTING/OUTPUT, SRC at INPUT/POSTROUTING). Returns true when the header changed.
 */
export function applyNat(skb: Skb, conn: Conn, manip: Manip): boolean {
  const dir = skb.ctDir;
  if (!(conn.status & statusBit(manip, dir))) return false;
  const target = invertTuple(conn.tuple[dir === 0 ? 1 : 0]);
  const before = `${skb.src}:${skb.sport}>${skb.dst}:${skb.dport}:${skb.icmpId}`;
  if (manip === "SRC") {
    skb.src = target.src;
    if (skb.proto === "icmp") skb.icmpId = target.sport;
    else skb.sport = target.sport;
  } else {
    skb.dst = target.dst;
    if (skb.proto === "icmp") skb.icmpId = target.sport;
    else skb.dport = target.dport;
  }
  return before !== `${skb.src}:${skb.sport}>${skb.dst}:${skb.dport}:${skb.icmpId}`;
}

/**
 * `nf_nat_icmp_reply_translation()`: an ICMP error about a NATed connection gets its outer address and the
 * header it quotes translated, so each side sees the addresses it knows.
 */
export function translateIcmpError(skb: Skb, conn: Conn, manip: Manip): boolean {
  const dir = skb.ctDir;
  if (!(conn.status & statusBit(manip, dir))) return false;
  const other = conn.tuple[dir === 0 ? 1 : 0];
  const inner = skb.inner;
  if (inner) {
    // The opposite manip on the quoted header, straight from the other direction's tuple.
    if (manip === "DST") {
      inner.src = other.src;
      if (inner.proto === "icmp") inner.icmpId = other.sport;
      else inner.sport = other.sport;
    } else {
      inner.dst = other.dst;
      if (inner.proto !== "icmp") inner.dport = other.dport;
    }
  }
  const target = invertTuple(other);
  if (manip === "SRC") skb.src = target.src;
  else skb.dst = target.dst;
  return true;
}
