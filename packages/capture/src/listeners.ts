/** `ss -H -lntu`: the sockets that listen (TCP) or are bound (UDP). */

export interface RawListener {
  readonly proto: "tcp" | "udp";
  readonly port: number;
  /** The IPv4 address bound, or undefined for every address (0.0.0.0, or `*` for a dual-stack socket). */
  readonly addr?: string;
  /** An IPv6-only socket (`[::]:22`, `[2001:db8::1]:80`): not simulated. */
  readonly v6only: boolean;
  /** `%eth0` after the address: bound to one device (SO_BINDTODEVICE). */
  readonly device?: string;
  readonly text: string;
}

export function parseListeners(text: string): RawListener[] {
  const out: RawListener[] = [];
  for (const [k, line] of text.split("\n").entries()) {
    if (!line.trim()) continue;
    const cols = line.trim().split(/\s+/);
    // Netid State Recv-Q Send-Q Local:Port Peer:Port [Process]
    if (cols.length < 6) throw new Error(`ss line ${k + 1}: expected 6 columns: ${line}`);
    const proto = cols[0];
    if (proto !== "tcp" && proto !== "udp") continue;
    const local = cols[4]!;
    const colon = local.lastIndexOf(":");
    const port = Number(local.slice(colon + 1));
    if (colon < 0 || !Number.isInteger(port)) throw new Error(`ss line ${k + 1}: no port in ${local}`);
    if (port === 0) continue;
    let host = local.slice(0, colon);
    let device: string | undefined;
    const pct = host.lastIndexOf("%");
    if (pct >= 0) {
      device = host.slice(pct + 1);
      host = host.slice(0, pct);
    }
    const mapped = /^\[::ffff:(\d+\.\d+\.\d+\.\d+)\]$/i.exec(host);
    if (mapped) host = mapped[1]!;
    const v6only = host.startsWith("[");
    out.push({
      proto,
      port,
      ...(host !== "*" && host !== "0.0.0.0" && !v6only ? { addr: host } : {}),
      v6only,
      ...(device ? { device } : {}),
      text: `${proto} ${local}`,
    });
  }
  return out;
}
