/**
 * The Ethernet destination a neighbour's kernel would give an IPv4 packet it sends to the host: the broadcast
 * address for the limited broadcast and the host's subnet broadcasts, the group's MAC for a multicast address
 * (`ip_eth_mc_map`), else the host's own MAC. The host's kernel sets `skb->pkt_type` (`-m pkttype`) from it.
 */
export function linkDestination(dst: string, hostAddrs: readonly string[], hostMac: string): string {
  const octets = dst.split(".").map(Number);
  const [a = 0, b = 0, c = 0, d = 0] = octets;
  if (a >= 224 && a <= 239) return ["01", "00", "5e", b & 0x7f, c, d].map(hexOctet).join(":");
  if (dst === "255.255.255.255") return "ff:ff:ff:ff:ff:ff";
  const value = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
  for (const cidr of hostAddrs) {
    const [addr = "", bits = "32"] = cidr.split("/");
    const prefix = Number(bits);
    if (prefix >= 31) continue;
    const [w = 0, x = 0, y = 0, z = 0] = addr.split(".").map(Number);
    const host = ((w << 24) | (x << 16) | (y << 8) | z) >>> 0;
    const broadcast = (host | (0xffffffff >>> prefix)) >>> 0;
    if (value === broadcast) return "ff:ff:ff:ff:ff:ff";
  }
  return hostMac;
}

function hexOctet(v: string | number): string {
  return typeof v === "string" ? v : v.toString(16).padStart(2, "0");
}
