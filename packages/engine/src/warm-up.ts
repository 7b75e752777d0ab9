import type { Host, PacketSpec, Proto } from "@nfx/model";

/**
 * Throwaway packets that take the engine's main paths on `host`: in from its first interface to be forwarded and
 * to be delivered (TCP, UDP, ICMP), and out from a local process. A loader simulates them in idle time once a
 * ruleset is in, each alone, and drops the results: the engine's code (conntrack, NAT, routing, the rule loop,
 * the host's replies) is then compiled and has run once, so the user's first packet does not pay for that. In a
 * fresh worker that first run cost a node's first SYN 15-20 ms more than the next one. What they leave behind is
 * what any simulation leaves with the parsed ruleset (chain layouts, header sieves), never rule state.
 * None when the host has no interface to send them from.
 */
export function warmUpPackets(host: Host): readonly PacketSpec[] {
  const iface = host.interfaces[0];
  if (!iface) return [];
  const mask = iface.prefix === 0 ? 0 : (0xffffffff << (32 - iface.prefix)) >>> 0;
  // A neighbour on the interface's subnet (any other address of it; on a /32, the host's own address).
  const peer = ((iface.addr & mask) | ((iface.addr + 1) & ~mask)) >>> 0;
  const offLink = 0xcb007107; // 203.0.113.7 (TEST-NET-3): routed away, so forwarded (or dropped) as the host decides.
  const packet = (from: string, proto: Proto, src: number, dst: number, dport: number): PacketSpec => ({
    from,
    proto,
    src,
    dst,
    sport: proto === "icmp" ? 0 : 40000,
    dport: proto === "icmp" ? 0 : dport,
    flags: proto === "tcp" ? 2 : 0,
    icmpType: proto === "icmp" ? 8 : 0,
    icmpCode: 0,
    icmpId: 1,
    icmpSeq: 1,
    ttl: 64,
    tos: 0,
    id: 1,
    window: 8192,
    payloadLength: 0,
    mark: 0,
    uid: 0,
    gid: 0,
    at: 0,
  });
  return [
    packet(iface.name, "tcp", peer, offLink, 443),
    packet(iface.name, "tcp", peer, iface.addr, 22),
    packet(iface.name, "udp", peer, iface.addr, 53),
    packet(iface.name, "icmp", peer, iface.addr, 0),
    packet("local", "tcp", iface.addr, peer, 80),
  ];
}
