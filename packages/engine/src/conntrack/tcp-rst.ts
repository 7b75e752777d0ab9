import type { Skb } from "../skb";
import { type Conn, IPS_ASSURED, IPS_SEEN_REPLY } from "./conn";
import { before, closingState } from "./tcp-window";

/** What the RST checks decided: INVALID, or whether the state stays and whether the window check is skipped. */
export type RstVerdict = "invalid" | { readonly keepState: boolean; readonly skipWindow: boolean };

/**
 * The RST checks of `nf_conntrack_tcp_packet()` for a RST that would close the connection: a closing connection's
 * RST skips the window check; a RST below what the other side already acknowledged is INVALID ("invalid rst");
 * on an established connection a RST whose sequence number is not exactly the expected one keeps the state (the
 * peer answers it with a challenge ACK); a RST answering a SYN or ACK conntrack let through skips the window.
 */
export function rstCheck(conn: Conn, dir: 0 | 1, skb: Skb): RstVerdict {
  const old = conn.tcpState!;
  if (closingState(old)) return { keepState: false, skipWindow: true };
  const goOn: RstVerdict = { keepState: false, skipWindow: false };
  const other = conn.win![dir === 0 ? 1 : 0];
  const last = conn.last;
  const established = old === "ESTABLISHED" && (conn.status & IPS_ASSURED) !== 0;
  let keep = false;
  if (other.maxack !== null && last?.index !== "syn") {
    const seq = skb.seq >>> 0;
    if (seq === 0 && !established) return goOn;
    if (before(seq, other.maxack)) return "invalid";
    if (!established || seq === other.maxack) return goOn;
    if (last?.index === "ack" && last.dir === dir && seq === last.end) return goOn;
    keep = true;
  }
  const answersLetThrough =
    ((conn.status & IPS_SEEN_REPLY && last?.index === "syn") ||
      (!(conn.status & IPS_ASSURED) && last?.index === "ack")) &&
    skb.ack >>> 0 === last?.end;
  return { keepState: keep, skipWindow: answersLetThrough };
}
