import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from "@nfx/model";
import type { Skb } from "../skb";
import type { TcpWindow } from "./conn";

/** `tcp_in_window()`'s verdict: accept (and learn), ignore (let it through unlearned) or INVALID. */
export type WindowVerdict =
  | { readonly kind: "accept" }
  | { readonly kind: "ignore" | "invalid"; readonly reason: string };

const MAXACKWINCONST = 66000;

/** `after(a, b)` / `before(a, b)`: sequence-number comparison modulo 2^32. */
const after = (a: number, b: number) => ((b - a) | 0) < 0;
export const before = (a: number, b: number) => ((a - b) | 0) < 0;
const u32 = (n: number) => n >>> 0;

/** `segment_seq_plus_len()`: the sequence number after this segment (SYN and FIN count one each). */
export function segmentEnd(skb: Skb): number {
  return u32(skb.seq + skb.payloadLength + (skb.flags & TCP_SYN ? 1 : 0) + (skb.flags & TCP_FIN ? 1 : 0));
}

/**
 * `tcp_new()`: the first segment sets up its own direction. A SYN starts a tracked connection; a segment picked
 * up mid-stream (`nf_conntrack_tcp_loose`) guesses from what it carries and makes both directions liberal.
 */
export function newWindows(skb: Skb): [TcpWindow, TcpWindow] {
  const end = segmentEnd(skb);
  const maxwin = skb.window === 0 ? 1 : skb.window;
  const syn = (skb.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN;
  const blank = (liberal: boolean): TcpWindow => ({ end: 0, maxend: 0, maxwin: 0, maxack: null, liberal });
  const first: TcpWindow = { end, maxend: syn ? end : u32(end + maxwin), maxwin, maxack: null, liberal: !syn };
  return [first, blank(!syn)];
}

/**
 * `tcp_in_window()` of `nf_conntrack_proto_tcp.c`: is the segment within what the other side has allowed and
 * acknowledged? Out of the window above (data beyond the receiver's window, an ACK of data never sent) is INVALID;
 * below (old data retransmitted, a very late ACK) is let through without learning from it. Either way
 * `nf_conntrack_tcp_be_liberal` (or a picked-up connection) accepts it. Updates the windows when accepted.
 */
export function tcpInWindow(
  win: [TcpWindow, TcpWindow],
  dir: 0 | 1,
  skb: Skb,
  state: string,
  beLiberal: boolean,
): WindowVerdict {
  const sender = win[dir];
  const receiver = win[dir === 0 ? 1 : 0];
  let seq = skb.seq >>> 0;
  let ack = skb.ack >>> 0;
  const win16 = skb.window;
  let end = segmentEnd(skb);
  const syn = (skb.flags & TCP_SYN) !== 0;
  const hasAck = (skb.flags & TCP_ACK) !== 0;
  const liberal = beLiberal || sender.liberal;
  const refuse = (kind: "ignore" | "invalid", reason: string): WindowVerdict =>
    liberal ? { kind: "accept" } : { kind, reason };

  if (sender.maxwin === 0) {
    if (syn) {
      // The SYN-ACK (or a simultaneous open's SYN) sets up the answering side.
      sender.end = sender.maxend = end;
      sender.maxwin = win16 === 0 ? 1 : win16;
      if (!hasAck) return { kind: "accept" };
    } else {
      // Mid-stream: learn what the packet says.
      sender.end = end;
      sender.maxwin = win16 === 0 ? 1 : win16;
      sender.maxend = u32(end + sender.maxwin);
      if (receiver.maxwin === 0) receiver.end = receiver.maxend = ack;
      else if (ack === u32(receiver.end + 1)) receiver.end = u32(receiver.end + 1);
    }
  } else if (syn && after(end, sender.end) && (state === "SYN_SENT" || state === "SYN_RECV")) {
    // A SYN again with a higher sequence number: the sender restarted.
    sender.end = sender.maxend = end;
    sender.maxwin = win16 === 0 ? 1 : win16;
  }

  if (!hasAck) ack = receiver.end;
  else if (skb.flags & TCP_RST && ack === 0) ack = receiver.end;
  if (skb.flags & TCP_RST && seq === 0 && state === "SYN_SENT") seq = end = sender.end;

  // A failed check returns at once: with be_liberal the segment is accepted, but nothing is learned from it.
  const maxAckWindow = Math.max(sender.maxwin, MAXACKWINCONST);
  if (!before(seq, u32(sender.maxend + 1))) {
    const overshot = u32(end - sender.maxend + 1);
    const ackOk = after(ack, u32(receiver.end - maxAckWindow - 1));
    const inRecvWin = receiver.maxwin !== 0 && after(end, u32(sender.end - receiver.maxwin - 1));
    if (inRecvWin && ackOk && overshot <= receiver.maxwin && before(ack, u32(receiver.end + 1))) {
      // A sender slightly past the window: let it through, and expect the receiver to acknowledge it.
      sender.end = end;
      return refuse("ignore", `${overshot} bytes more than expected`);
    }
    return refuse("invalid", `SEQ is over upper bound ${u32(sender.maxend + 1)} (over the window of the receiver)`);
  }
  if (!before(ack, u32(receiver.end + 1))) {
    return refuse("invalid", `ACK is over upper bound ${u32(receiver.end + 1)} (ACKed data not seen yet)`);
  }
  if (receiver.maxwin !== 0 && !after(end, u32(sender.end - receiver.maxwin - 1))) {
    const bound = u32(sender.end - receiver.maxwin - 1);
    return refuse("ignore", `SEQ is under lower bound ${bound} (already ACKed data retransmitted)`);
  }
  if (!after(ack, u32(receiver.end - maxAckWindow - 1))) {
    const bound = u32(receiver.end - maxAckWindow - 1);
    return refuse("ignore", `ignored ACK under lower bound ${bound} (possible overly delayed)`);
  }

  // Learn from the accepted segment.
  if (sender.maxwin < win16) sender.maxwin = win16;
  if (after(end, sender.end)) sender.end = end;
  if (hasAck && (sender.maxack === null || after(ack, sender.maxack))) sender.maxack = ack;
  if (receiver.maxwin !== 0 && after(end, sender.maxend)) receiver.maxwin += u32(end - sender.maxend);
  if (after(u32(ack + win16), u32(receiver.maxend - 1))) {
    receiver.maxend = u32(ack + win16);
    if (win16 === 0) receiver.maxend = u32(receiver.maxend + 1);
  }
  return { kind: "accept" };
}

/** `tcp_can_early_drop()`'s states: a RST there skips the window check (the tuple may already be reused). */
export function closingState(state: string): boolean {
  return ["FIN_WAIT", "LAST_ACK", "TIME_WAIT", "CLOSE", "CLOSE_WAIT"].includes(state);
}

/** A RST: the one segment a closing connection lets through unchecked. */
export function isRst(skb: Skb): boolean {
  return (skb.flags & TCP_RST) !== 0;
}
