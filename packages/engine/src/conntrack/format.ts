import { addressText } from "../address-text";
import { type Conn, IPS_ASSURED, IPS_SEEN_REPLY, type Tuple } from "./conn";

/** One line of `conntrack -L`, without the protocol number, timeout and `use=`, as the kernel's answers record it. */
export function formatConn(conn: Conn): string {
  const [orig, reply] = conn.tuple;
  const parts: string[] = [orig.proto];
  if (conn.tcpState) parts.push(conn.tcpState);
  parts.push(formatTuple(orig, orig));
  if (!(conn.status & IPS_SEEN_REPLY)) parts.push("[UNREPLIED]");
  parts.push(formatTuple(reply, orig));
  if (conn.status & IPS_ASSURED) parts.push("[ASSURED]");
  parts.push(`mark=${conn.mark >>> 0}`);
  if (conn.zone) parts.push(`zone=${conn.zone}`);
  return parts.join(" ");
}

function formatTuple(t: Tuple, orig: Tuple): string {
  const addrs = `src=${addressText(t.src)} dst=${addressText(t.dst)}`;
  // ICMP tuples carry the id in `sport` and the type in `dport`; the code is that of the original query.
  if (t.proto === "icmp") return `${addrs} type=${t.dport} code=0 id=${orig.sport}`;
  return `${addrs} sport=${t.sport} dport=${t.dport}`;
}
