import type { HookName, Ipv4, NatPortRange, PortRange, Target } from "@nfx/model";
import { type Conn, IPS_DST_NAT, IPS_SRC_NAT, invertTuple, type Manip, type Tuple } from "../conntrack/conn";
import type { ConntrackTable } from "../conntrack/table";
import type { Random } from "../env";
import type { Routing } from "../routing/routing";
import { LOOPBACK_ADDR } from "../routing/routing";
import type { Skb } from "../skb";

type NatTarget = Extract<Target, { kind: "DNAT" | "SNAT" | "MASQUERADE" | "REDIRECT" }>;

interface NatContext {
  readonly table: ConntrackTable;
  readonly routing: Routing;
  readonly random: Random;
}

/** The address and port range a NAT target maps to, given where the packet is. */
function natRange(
  target: NatTarget,
  skb: Skb,
  hook: HookName,
  routing: Routing,
): { addrFrom: Ipv4; addrTo: Ipv4; ports?: NatPortRange } | null {
  switch (target.kind) {
    case "DNAT":
    case "SNAT": {
      const fallback = target.kind === "DNAT" ? skb.dst : skb.src;
      const from = target.to.addrFrom ?? fallback;
      return { addrFrom: from, addrTo: target.to.addrTo ?? from, ...portsOf(target.to.ports) };
    }
    case "MASQUERADE": {
      // nf_nat_masquerade_ipv4: the outgoing interface's primary address; none means drop.
      const addr = skb.outIface ? routing.interfaceAddress(skb.outIface) : null;
      return addr === null ? null : { addrFrom: addr, addrTo: addr, ...portsOf(target.ports) };
    }
    case "REDIRECT": {
      // nf_nat_redirect_ipv4: locally generated packets go to 127.0.0.1, others to the input interface's first address.
      const addr = hook === "OUTPUT" ? LOOPBACK_ADDR : skb.inIface ? routing.interfaceAddress(skb.inIface) : null;
      return addr === null ? null : { addrFrom: addr, addrTo: addr, ...portsOf(target.ports) };
    }
  }
}

function portsOf(ports: NatPortRange | undefined): { ports?: NatPortRange } {
  return ports ? { ports } : {};
}

/**
 * Sets up a connection's NAT binding the way `get_unique_tuple()` does: keep the original tuple when it is in
 * range and its reply is free; otherwise the destination manip walks the range from its minimum and the
 * source manip starts at a random offset (the kernel's choice, seeded here so a scenario replays alike).
 * Returns false when the target cannot map the packet (MASQUERADE without an address: the kernel drops it).
 */
export function setupBinding(skb: Skb, conn: Conn, target: NatTarget, hook: HookName, ctx: NatContext): boolean {
  const manip: Manip = target.kind === "DNAT" || target.kind === "REDIRECT" ? "DST" : "SRC";
  const range = natRange(target, skb, hook, ctx.routing);
  if (!range) return false;
  // The tuple as the connection's other manip already left it (DNAT in PREROUTING before SNAT in POSTROUTING).
  const orig = invertTuple(conn.tuple[1]);
  const withAddr = (t: Tuple, addr: Ipv4): Tuple => (manip === "SRC" ? { ...t, src: addr } : { ...t, dst: addr });
  const addr = pickAddress(range.addrFrom, range.addrTo, orig);
  let chosen = withAddr(orig, addr);
  const free = (t: Tuple) => !ctx.table.taken(invertTuple(t), conn.zone, conn);
  const portKey = manip === "SRC" ? "sport" : "dport";
  const hasPorts = orig.proto === "tcp" || orig.proto === "udp";
  const current = orig.proto === "icmp" ? orig.sport : orig[portKey];
  const base = range.ports?.base;
  // A port base (NF_NAT_RANGE_PROTO_OFFSET) always maps: the original port is never kept as it is.
  const inRange = base === undefined && (!range.ports || (current >= range.ports.from && current <= range.ports.to));
  // --random and --random-fully (NF_NAT_RANGE_PROTO_RANDOM_ALL) never keep the original port.
  const randomize = target.random || ("randomFully" in target && target.randomFully);
  if (!(inRange && free(chosen) && !randomize)) {
    const ports = range.ports ?? defaultRange(current);
    const size = ports.to - ports.from + 1;
    // nf_nat_l4proto_unique_tuple: the offset from the base is a u16, so a port below the base wraps.
    const offset =
      base !== undefined
        ? (current - base) & 0xffff
        : manip === "DST" && !randomize
          ? 0
          : Math.floor(ctx.random() * size);
    for (let k = 0; k < size; k++) {
      const port = ports.from + ((offset + k) % size);
      const candidate = withPort(chosen, manip, port, hasPorts);
      if (free(candidate)) {
        chosen = candidate;
        break;
      }
    }
  }
  conn.tuple[1] = invertTuple(chosen);
  conn.status |= manip === "SRC" ? IPS_SRC_NAT : IPS_DST_NAT;
  return true;
}

function withPort(t: Tuple, manip: Manip, port: number, hasPorts: boolean): Tuple {
  if (!hasPorts) return { ...t, sport: port };
  return manip === "SRC" ? { ...t, sport: port } : { ...t, dport: port };
}

/** `nf_nat_l4proto_unique_tuple` without a range: stay in the port's class (<512, <1024, or above). */
function defaultRange(port: number): PortRange {
  if (port < 512) return { from: 1, to: 511 };
  if (port < 1024) return { from: 600, to: 1023 };
  return { from: 1024, to: 65535 };
}

/** One address of a range; the kernel hashes the tuple, we take the first for a range of one. */
function pickAddress(from: Ipv4, to: Ipv4, orig: Tuple): Ipv4 {
  if (from === to) return from;
  const span = to - from + 1;
  const h = Math.abs(((orig.src * 31) ^ (orig.dst * 17)) | 0);
  return (from + (h % span)) >>> 0;
}
