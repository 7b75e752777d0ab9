import { TCP_FIN, TCP_RST, TCP_SYN } from "@nfx/model";
import { isIcmpError, type Skb } from "../skb";
import {
  type Conn,
  ICMP_QUERY_REPLY,
  IPS_ASSURED,
  IPS_CONFIRMED,
  IPS_SEEN_REPLY,
  invertTuple,
  type Tuple,
} from "./conn";
import { type ConntrackTable, packetTuple } from "./table";
import { tcpCanOpen, tcpTransition, validFlagCombination } from "./tcp-state";

/** What `nf_conntrack_in()` did, for the step list. */
export type LookupResult = "new" | "found" | "related" | "invalid" | "skipped";

export interface ConntrackState {
  readonly table: ConntrackTable;
  /** The simulated clock, in ms. */
  now(): number;
  readonly tcpLoose: boolean;
}

/**
 * `nf_conntrack_in()` at PREROUTING or OUTPUT: attach the packet to its connection (found, or new and not yet
 * confirmed), classify it (NEW, ESTABLISHED, RELATED, INVALID) and advance the protocol state.
 */
export function conntrackIn(skb: Skb, state: ConntrackState): LookupResult {
  // A packet that already carries a connection (loopback re-entry, an attached answer) or was untracked.
  if (skb.ctDone) return "skipped";
  skb.ctDone = true;
  if (isIcmpError(skb)) return related(skb, state);
  if (skb.proto === "tcp" && !validFlagCombination(skb.flags)) return invalid(skb);
  const tuple = packetTuple(skb);
  const hit = state.table.find(tuple, skb.zone);
  if (hit) return existing(skb, hit.conn, hit.dir, state);
  return create(skb, tuple, state);
}

function invalid(skb: Skb): LookupResult {
  skb.ct = null;
  skb.ctinfo = "INVALID";
  return "invalid";
}

/** An ICMP error is RELATED to the connection its quoted header belongs to (`icmp_error_message`). */
function related(skb: Skb, state: ConntrackState): LookupResult {
  const inner = skb.inner;
  if (!inner) return invalid(skb);
  const quoted = packetTuple({ ...inner, icmpId: inner.icmpId, icmpType: inner.icmpType });
  const hit = state.table.find(invertTuple(quoted), skb.zone);
  if (!hit) return invalid(skb);
  skb.ct = hit.conn;
  skb.ctDir = hit.dir;
  skb.ctinfo = "RELATED";
  return "related";
}

function existing(skb: Skb, conn: Conn, dir: 0 | 1, state: ConntrackState): LookupResult {
  if (skb.proto === "tcp" && conn.tcpState) {
    const next = tcpTransition(conn.tcpState, dir, skb.flags);
    if (next === "INVALID") return invalid(skb);
    if (!(conn.status & IPS_SEEN_REPLY) && skb.flags & TCP_RST) {
      // "If only reply is a RST, we can consider ourselves not to have an established connection".
      state.table.remove(conn);
      conn.dead = true;
    } else if (next !== "IGNORE") {
      const old = conn.tcpState;
      conn.tcpState = next;
      if (
        !(conn.status & IPS_ASSURED) &&
        conn.status & IPS_SEEN_REPLY &&
        (old === "SYN_RECV" || old === "ESTABLISHED") &&
        next === "ESTABLISHED"
      ) {
        conn.status |= IPS_ASSURED;
      }
    }
  }
  if (skb.proto === "udp" && conn.status & IPS_SEEN_REPLY && state.now() > conn.created + 2000) {
    // nf_conntrack_udp_packet: traffic both ways and still active after two seconds is a stream.
    conn.status |= IPS_ASSURED;
  }
  skb.ct = conn;
  skb.ctDir = dir;
  skb.ctinfo = dir === 1 || conn.status & IPS_SEEN_REPLY ? "ESTABLISHED" : "NEW";
  if (dir === 1) conn.status |= IPS_SEEN_REPLY;
  noteSeq(conn, dir, skb);
  return "found";
}

function create(skb: Skb, tuple: Tuple, state: ConntrackState): LookupResult {
  let tcpState: Conn["tcpState"] = null;
  if (skb.proto === "tcp") {
    tcpState = tcpCanOpen(skb.flags, state.tcpLoose);
    if (!tcpState) return invalid(skb);
  } else if (skb.proto === "icmp" && !ICMP_QUERY_REPLY.has(skb.icmpType)) {
    return invalid(skb);
  }
  const conn: Conn = {
    id: state.table.newId(),
    tuple: [tuple, invertTuple(tuple)],
    status: 0,
    mark: 0,
    zone: skb.zone,
    tcpState,
    nextSeq: [null, null],
    created: state.now(),
    dead: false,
  };
  skb.ct = conn;
  skb.ctDir = 0;
  skb.ctinfo = "NEW";
  noteSeq(conn, 0, skb);
  return "new";
}

function noteSeq(conn: Conn, dir: 0 | 1, skb: Skb): void {
  if (skb.proto !== "tcp") return;
  const advance = skb.payloadLength + (skb.flags & TCP_SYN ? 1 : 0) + (skb.flags & TCP_FIN ? 1 : 0);
  conn.nextSeq[dir] = (skb.seq + advance) >>> 0;
}

/**
 * `nf_conntrack_confirm()` at INPUT and POSTROUTING: a new connection enters the table, but only with a packet
 * of its original direction (REJECT's answer to a dropped SYN carries the connection and must not confirm it).
 */
export function confirm(skb: Skb, table: ConntrackTable): boolean {
  const conn = skb.ct;
  if (!conn || conn.dead || conn.status & IPS_CONFIRMED || skb.ctDir !== 0) return false;
  conn.status |= IPS_CONFIRMED;
  table.insert(conn);
  return true;
}
