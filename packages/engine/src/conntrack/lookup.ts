import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from "@nfx/model";
import { isIcmpError, type Skb } from "../skb";
import { type ConntrackConfig, tcpTimeout } from "./config";
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
import { rstCheck } from "./tcp-rst";
import { flagClass, synOnClosed, tcpCanOpen, tcpTransition, validFlagCombination } from "./tcp-state";
import { newWindows, segmentEnd, tcpInWindow } from "./tcp-window";

/**
 * What `nf_conntrack_in()` did, for the step list. `table-full`: the packet would open a connection but the
 * table holds `nf_conntrack_max` entries and early drop found none to evict, so conntrack drops the packet.
 */
export type LookupResult = "new" | "found" | "related" | "invalid" | "out-of-window" | "skipped" | "table-full";

export interface ConntrackState {
  readonly table: ConntrackTable;
  /** The simulated clock, in ms. */
  now(): number;
  readonly config: ConntrackConfig;
}

/**
 * `nf_conntrack_in()` at PREROUTING or OUTPUT: attach the packet to its connection (found, or new and not yet
 * confirmed), classify it (NEW, ESTABLISHED, RELATED, INVALID) and advance the protocol state.
 */
export function conntrackIn(
  skb: Skb,
  state: ConntrackState,
  onEarlyDrop: (evicted: Conn) => void = () => {},
): LookupResult {
  // A packet that already carries a connection (loopback re-entry, an attached answer) or was untracked.
  if (skb.ctDone) return "skipped";
  skb.ctDone = true;
  if (isIcmpError(skb)) return related(skb, state);
  if (skb.proto === "tcp" && !validFlagCombination(skb.flags)) return invalid(skb);
  const tuple = packetTuple(skb);
  const hit = state.table.find(tuple, skb.zone);
  if (hit) return existing(skb, hit.conn, hit.dir, state, onEarlyDrop);
  return create(skb, tuple, state, onEarlyDrop);
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

function existing(
  skb: Skb,
  conn: Conn,
  dir: 0 | 1,
  state: ConntrackState,
  onEarlyDrop: (evicted: Conn) => void,
): LookupResult {
  const c = state.config;
  if (skb.proto === "tcp" && conn.tcpState) {
    let next = tcpTransition(conn.tcpState, dir, skb.flags);
    if (next === "INVALID") return invalid(skb);
    if (synOnClosed(conn.tcpState, next)) {
      if (conn.closeInit || (conn.last?.index === "rst" && conn.last.dir === dir)) {
        // RFC 1122 allows reopening from TIME-WAIT: nf_ct_kill() the old entry, NF_REPEAT the lookup.
        state.table.remove(conn);
        conn.dead = true;
        return create(skb, packetTuple(skb), state, onEarlyDrop);
      }
      next = "IGNORE";
    }
    const cls = flagClass(skb.flags);
    let checkWindow = next !== "IGNORE" && conn.win !== null;
    if (next === "CLOSE" && cls === "rst" && conn.win) {
      const rst = rstCheck(conn, dir, skb);
      if (rst === "invalid") return invalid(skb);
      if (rst.keepState) next = conn.tcpState;
      if (rst.skipWindow) checkWindow = false;
    }
    let windowIgnored = false;
    if (checkWindow && conn.win) {
      const verdict = tcpInWindow(conn.win, dir, skb, conn.tcpState, c.tcpBeLiberal);
      if (verdict.kind === "invalid") {
        invalid(skb);
        return "out-of-window";
      }
      windowIgnored = verdict.kind === "ignore";
      if (verdict.kind === "accept" && cls === "ack") conn.last = { index: cls, dir, end: segmentEnd(skb) };
    }
    if (windowIgnored) {
      // NFCT_TCP_IGNORE: through as it is, nothing learned, no refresh.
    } else if (next !== "IGNORE" && !(conn.status & IPS_SEEN_REPLY) && skb.flags & TCP_RST) {
      // "If only reply is a RST, we can consider ourselves not to have an established connection".
      state.table.remove(conn);
      conn.dead = true;
      count(conn, dir, skb, c);
    } else if (next === "IGNORE") {
      // An ignored segment still becomes the last one, with its end.
      conn.last = { index: cls, dir, end: segmentEnd(skb) };
    } else {
      const old = conn.tcpState;
      conn.tcpState = next;
      if (next === "FIN_WAIT" && old !== next) conn.closeInit = true;
      conn.last = { index: cls, dir, end: conn.last?.end ?? 0 };
      if (
        !(conn.status & IPS_ASSURED) &&
        conn.status & IPS_SEEN_REPLY &&
        (old === "SYN_RECV" || old === "ESTABLISHED") &&
        next === "ESTABLISHED"
      ) {
        conn.status |= IPS_ASSURED;
      }
      trackUnacked(conn, dir, skb);
      refresh(conn, skb, dir, state, tcpTimeout(c, next, (skb.flags & TCP_RST) !== 0, conn.unacked.some(Boolean)));
    }
  } else if (skb.proto === "udp") {
    // nf_conntrack_udp_packet: traffic both ways and still active after two seconds is a stream (ASSURED, and
    // the longer timeout); SEEN_REPLY is only set after this, so the first reply still gets the short one.
    const stream = conn.status & IPS_SEEN_REPLY && state.now() > conn.created + 2000;
    if (stream) conn.status |= IPS_ASSURED;
    refresh(conn, skb, dir, state, stream ? c.udpStream : c.udp);
  } else {
    refresh(conn, skb, dir, state, c.icmp);
  }
  skb.ct = conn;
  skb.ctDir = dir;
  skb.ctinfo = dir === 1 || conn.status & IPS_SEEN_REPLY ? "ESTABLISHED" : "NEW";
  if (dir === 1) conn.status |= IPS_SEEN_REPLY;
  noteSeq(conn, dir, skb);
  return "found";
}

function create(skb: Skb, tuple: Tuple, state: ConntrackState, onEarlyDrop: (evicted: Conn) => void): LookupResult {
  let tcpState: Conn["tcpState"] = null;
  if (skb.proto === "tcp") {
    tcpState = tcpCanOpen(skb.flags, state.config.tcpLoose);
    if (!tcpState) return invalid(skb);
  } else if (skb.proto === "icmp" && !ICMP_QUERY_REPLY.has(skb.icmpType)) {
    return invalid(skb);
  }
  // `nf_conntrack_max` 0 means no limit (`if (nf_conntrack_max && ct_count > nf_conntrack_max)`).
  if (state.config.max > 0 && state.table.size() >= state.config.max) {
    const victim = earlyDropVictim(state.table);
    if (!victim) {
      skb.ct = null;
      skb.ctinfo = "INVALID";
      return "table-full";
    }
    state.table.remove(victim);
    victim.dead = true;
    onEarlyDrop(victim);
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
    expires: state.now(),
    unacked: [false, false],
    closeInit: false,
    win: null,
    last: null,
    packets: [0, 0],
    bytes: [0, 0],
  };
  skb.ct = conn;
  skb.ctDir = 0;
  skb.ctinfo = "NEW";
  const c = state.config;
  if (tcpState) {
    // tcp_new() sets up the first direction, then tcp_packet() runs the window check on the same segment.
    conn.win = newWindows(skb);
    tcpInWindow(conn.win, 0, skb, "NONE", c.tcpBeLiberal);
    trackUnacked(conn, 0, skb);
    refresh(conn, skb, 0, state, tcpTimeout(c, tcpState, false, conn.unacked[0]));
  } else refresh(conn, skb, 0, state, skb.proto === "udp" ? c.udp : c.icmp);
  noteSeq(conn, 0, skb);
  return "new";
}

/**
 * `early_drop()`: with the table full, the kernel scans the 8 hash buckets from the new tuple's bucket and
 * deletes the entries there that are not ASSURED; only if it finds none is the packet dropped ("nf_conntrack:
 * table full, dropping packet"). Which buckets those are depends on a hash seeded at random when the kernel
 * boots, so no one can say beforehand which non-assured entry goes, nor whether one lies in those buckets at
 * all. What is certain is that an ASSURED entry is never dropped this way. The engine evicts the oldest
 * non-assured entry when there is one (as the kernel does whenever the table has few buckets) and drops the
 * packet only when every entry is ASSURED.
 */
function earlyDropVictim(table: ConntrackTable): Conn | undefined {
  return table.all().find((conn) => !(conn.status & IPS_ASSURED));
}

/** `nf_ct_refresh_acct()`: the entry's timeout starts again from now; accounting counts the packet. */
function refresh(conn: Conn, skb: Skb, dir: 0 | 1, state: ConntrackState, seconds: number): void {
  conn.expires = state.now() + seconds * 1000;
  count(conn, dir, skb, state.config);
}

function count(conn: Conn, dir: 0 | 1, skb: Skb, c: ConntrackConfig): void {
  if (!c.acct) return;
  conn.packets[dir] += 1;
  conn.bytes[dir] += skb.length;
}

/**
 * `tcp_in_window()`'s bookkeeping of unacknowledged data: a segment that carries the sequence space further
 * (data, or a FIN) leaves it unacknowledged until the other side acknowledges all of it, and while any is,
 * no timeout is longer than `nf_conntrack_tcp_timeout_unacknowledged`.
 */
function trackUnacked(conn: Conn, dir: 0 | 1, skb: Skb): void {
  const other = dir === 0 ? 1 : 0;
  if (skb.flags & TCP_ACK && conn.nextSeq[other] !== null && skb.ack === conn.nextSeq[other]) {
    conn.unacked[other] = false;
  }
  const advance = skb.payloadLength + (skb.flags & TCP_SYN ? 1 : 0) + (skb.flags & TCP_FIN ? 1 : 0);
  const end = (skb.seq + advance) >>> 0;
  const prev = conn.nextSeq[dir];
  // A direction's first segment only sets where its sequence space starts (`td_end`), as tcp_new() does.
  if (prev !== null && ((end - prev) | 0) > 0) conn.unacked[dir] = true;
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
