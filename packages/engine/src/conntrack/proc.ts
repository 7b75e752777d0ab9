import { formatIpv4 } from "@nfx/model";
import type { ConntrackEntryView } from "../result";
import { PROTO_NUMBER } from "../skb";
import { type Conn, IPS_ASSURED, IPS_SEEN_REPLY, type Tuple } from "./conn";

export interface ProcOptions {
  /** The simulated time of the listing, in ms: the timeout column is the whole seconds left (`nf_ct_expires / HZ`). */
  readonly now: number;
  /** `nf_conntrack_acct`: `packets=` and `bytes=` after each tuple. */
  readonly acct: boolean;
}

/**
 * One line of `/proc/net/nf_conntrack` as `ct_seq_show()` prints it (checked against Linux 6.18):
 * `ipv4     2 tcp      6 431999 ESTABLISHED src=… dst=… sport=… dport=… src=… … [ASSURED] mark=0 zone=0 use=2`.
 * The layer-3 and layer-4 names are left-aligned in 8 columns; `[UNREPLIED]` follows the original tuple's
 * counters, `[ASSURED]` the reply tuple's; `zone=` is always printed; `use=` is 2 (the table's reference and the
 * reader's), as for every entry not in flight while the file is read.
 */
export function formatProcEntry(conn: Conn, opts: ProcOptions): string {
  const [orig, reply] = conn.tuple;
  let out = `${"ipv4".padEnd(8)} 2 ${orig.proto.padEnd(8)} ${PROTO_NUMBER[orig.proto]} `;
  out += `${remainingSeconds(conn, opts.now)} `;
  if (conn.tcpState) out += `${conn.tcpState} `;
  out += tuple(orig, orig);
  if (opts.acct) out += `packets=${conn.packets[0]} bytes=${conn.bytes[0]} `;
  if (!(conn.status & IPS_SEEN_REPLY)) out += "[UNREPLIED] ";
  out += tuple(reply, orig);
  if (opts.acct) out += `packets=${conn.packets[1]} bytes=${conn.bytes[1]} `;
  if (conn.status & IPS_ASSURED) out += "[ASSURED] ";
  out += `mark=${conn.mark >>> 0} zone=${conn.zone} use=2`;
  return out;
}

/** Whole seconds until the entry times out, never negative (`nf_ct_expires()`). */
export function remainingSeconds(conn: Conn, now: number): number {
  return Math.max(0, Math.floor((conn.expires - now) / 1000));
}

function tuple(t: Tuple, orig: Tuple): string {
  const addrs = `src=${formatIpv4(t.src)} dst=${formatIpv4(t.dst)} `;
  // ICMP tuples carry the id in `sport` and the type in `dport`; the code is that of the original query.
  if (t.proto === "icmp") return `${addrs}type=${t.dport} code=0 id=${orig.sport} `;
  return `${addrs}sport=${t.sport} dport=${t.dport} `;
}

/**
 * A listing as it would read `seconds` later with no packet in between: entries whose timeout has passed are
 * gone (the kernel removes an expired entry the moment anything looks at it), the others count down. The /proc
 * line's timeout column (the fifth, as `formatProcEntry` writes it) is replaced, nothing else changes.
 */
export function conntrackLater(table: readonly ConntrackEntryView[], seconds: number): ConntrackEntryView[] {
  const out: ConntrackEntryView[] = [];
  for (const e of table) {
    const expiresIn = e.expiresIn - seconds * 1000;
    if (expiresIn <= 0) continue;
    const timeout = Math.floor(expiresIn / 1000);
    const proc = e.proc.replace(/^(\S+ +2 \S+ +\d+ )\d+/, `$1${timeout}`);
    out.push({ ...e, timeout, expiresIn, proc });
  }
  return out;
}
