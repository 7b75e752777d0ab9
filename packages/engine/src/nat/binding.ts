import type { HookName, Ipv4, NatPortRange, PortRange, Target } from "@nfx/model";
import { type Conn, IPS_DST_NAT, IPS_SRC_NAT, invertTuple, type Manip, type Tuple } from "../conntrack/conn";
import type { ConntrackTable } from "../conntrack/table";
import type { Random } from "../env";
import type { Routing } from "../routing/routing";
import { LOOPBACK_ADDR } from "../routing/routing";
import type { Skb } from "../skb";
import { jhash2, reciprocalScale, wireWord } from "./jhash";

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

/** The flags of `struct nf_nat_range2` that steer the choice. */
interface RangeFlags {
  /** NF_NAT_RANGE_PROTO_RANDOM_ALL: `--random` or `--random-fully`; the original port is never kept. */
  readonly randomAll: boolean;
  /** NF_NAT_RANGE_PERSISTENT: the address hash leaves the destination out. */
  readonly persistent: boolean;
}

type Range = NonNullable<ReturnType<typeof natRange>>;

/**
 * Sets up a connection's NAT binding as `get_unique_tuple()` does (nf_nat_core.c), step by step, so that the
 * kernel and the engine pick the same address and port. Returns false when the target cannot map the packet
 * (MASQUERADE without an address: the kernel drops it).
 */
export function setupBinding(skb: Skb, conn: Conn, target: NatTarget, hook: HookName, ctx: NatContext): boolean {
  const manip: Manip = target.kind === "DNAT" || target.kind === "REDIRECT" ? "DST" : "SRC";
  const range = natRange(target, skb, hook, ctx.routing);
  if (!range) return false;
  const flags: RangeFlags = {
    randomAll: target.random || ("randomFully" in target && target.randomFully),
    persistent: "persistent" in target && target.persistent,
  };
  // The tuple as the connection's other manip already left it (DNAT in PREROUTING before SNAT in POSTROUTING).
  const orig = invertTuple(conn.tuple[1]);
  const chosen = uniqueTuple(orig, manip, range, flags, conn, ctx);
  conn.tuple[1] = invertTuple(chosen);
  conn.status |= manip === "SRC" ? IPS_SRC_NAT : IPS_DST_NAT;
  return true;
}

function uniqueTuple(orig: Tuple, manip: Manip, range: Range, flags: RangeFlags, conn: Conn, ctx: NatContext): Tuple {
  // nf_nat_used_tuple(): the reply of a candidate must not be some other connection's tuple.
  const free = (t: Tuple) => !ctx.table.taken(invertTuple(t), conn.zone, conn);
  const ports = range.ports;
  // 1) A source mapping keeps the original tuple when it is in range and free, or reuses the mapping another
  // connection from the same address and port already has (so one socket keeps one public address and port).
  if (manip === "SRC" && !flags.randomAll) {
    if (inRange(orig, "SRC", range)) {
      if (free(orig)) return orig;
    } else {
      const mapped = appropriateSource(orig, range, conn, ctx.table);
      if (mapped && free(mapped)) return mapped;
    }
  }
  // 2) The address: find_best_ips_proto().
  const tuple = withAddress(orig, manip, bestAddress(orig, range, flags.persistent, conn.zone));
  // 3) The port (the echo id for ICMP): kept when in range and free; a single port is kept even when taken.
  if (!flags.randomAll) {
    if (ports) {
      if (ports.base === undefined && portInRange(tuple, manip, ports) && (ports.from === ports.to || free(tuple)))
        return tuple;
    } else if (free(tuple)) return tuple;
  }
  return l4UniqueTuple(tuple, manip, ports, flags.randomAll, ctx.random, free);
}

function withAddress(t: Tuple, manip: Manip, addr: Ipv4): Tuple {
  return manip === "SRC" ? { ...t, src: addr } : { ...t, dst: addr };
}

/** The port the manip changes; the echo id (`sport` of an ICMP tuple) for both manips. */
function portOf(t: Tuple, manip: Manip): number {
  return t.proto === "icmp" || manip === "SRC" ? t.sport : t.dport;
}

function withPort(t: Tuple, manip: Manip, port: number): Tuple {
  return t.proto === "icmp" || manip === "SRC" ? { ...t, sport: port } : { ...t, dport: port };
}

/** `nf_nat_l4proto_in_range()`: protocols without ports are always in range. */
function portInRange(t: Tuple, manip: Manip, ports: PortRange): boolean {
  const p = portOf(t, manip);
  return p >= ports.from && p <= ports.to;
}

/** `nf_in_range()`: the address, and the port when the range names ports. */
function inRange(t: Tuple, manip: Manip, range: Range): boolean {
  const addr = manip === "SRC" ? t.src : t.dst;
  if (addr < range.addrFrom || addr > range.addrTo) return false;
  return !range.ports || portInRange(t, manip, range.ports);
}

/**
 * `find_appropriate_src()`: a connection with the same protocol, source address and source port (and zone)
 * whose mapped source is in this range lends its mapping.
 */
function appropriateSource(orig: Tuple, range: Range, conn: Conn, table: ConntrackTable): Tuple | null {
  for (const other of table.all()) {
    const o = other.tuple[0];
    if (other === conn || other.zone !== conn.zone) continue;
    if (o.proto !== orig.proto || o.src !== orig.src || o.sport !== orig.sport) continue;
    const mapped = invertTuple(other.tuple[1]);
    const result: Tuple = { ...mapped, dst: orig.dst, dport: orig.dport };
    if (inRange(result, "SRC", range)) return result;
  }
  return null;
}

/**
 * `find_best_ips_proto()` for IPv4: `min + reciprocal_scale(jhash2(source, 4 words, destination ^ zone), n)`.
 * The source is hashed as the 16-byte `union nf_inet_addr` (the address, then zeros); `--persistent` hashes it
 * with 0, so a client gets the same address whatever it connects to.
 */
function bestAddress(orig: Tuple, range: Range, persistent: boolean, zone: number): Ipv4 {
  if (range.addrFrom === range.addrTo) return range.addrFrom;
  const initval = persistent ? 0 : (wireWord(orig.dst) ^ zone) >>> 0;
  const j = jhash2([wireWord(orig.src), 0, 0, 0], initval);
  return (range.addrFrom + reciprocalScale(j, range.addrTo - range.addrFrom + 1)) >>> 0;
}

/** NF_NAT_MAX_ATTEMPTS: how many ports one round of the search tries. */
const MAX_ATTEMPTS = 128;

/**
 * `nf_nat_l4proto_unique_tuple()`: walk the port range from an offset (the port's distance from `/base`, 0 for
 * a destination, a random u16 for a source or with `--random`), 128 tries a round, halving the tries and
 * starting again at random while the range is larger. Without a range a destination port is never changed and
 * a source port stays in its class (below 512, below 1024, above); an ICMP id uses 0-65535.
 */
function l4UniqueTuple(
  t: Tuple,
  manip: Manip,
  ports: NatPortRange | undefined,
  randomAll: boolean,
  random: Random,
  free: (t: Tuple) => boolean,
): Tuple {
  if (t.proto !== "tcp" && t.proto !== "udp" && t.proto !== "icmp") return t;
  const key = portOf(t, manip);
  let min: number;
  let size: number;
  if (ports) {
    min = Math.min(ports.from, ports.to);
    size = Math.max(ports.from, ports.to) - min + 1;
  } else if (t.proto === "icmp") {
    min = 0;
    size = 65536;
  } else if (manip === "DST") {
    return t;
  } else {
    const cls = defaultRange(key);
    min = cls.from;
    size = cls.to - cls.from + 1;
  }
  const randomU16 = () => Math.floor(random() * 65536) & 0xffff;
  let off = ports?.base !== undefined ? (key - ports.base) & 0xffff : randomAll || manip !== "DST" ? randomU16() : 0;
  let attempts = Math.min(size, MAX_ATTEMPTS);
  let candidate = t;
  for (;;) {
    for (let i = 0; i < attempts; i++, off = (off + 1) & 0xffff) {
      candidate = withPort(t, manip, min + (off % size));
      if (free(candidate)) return candidate;
    }
    if (attempts >= size || attempts < 16) return candidate;
    attempts = Math.floor(attempts / 2);
    off = randomU16();
  }
}

/** `nf_nat_l4proto_unique_tuple` without a range: stay in the port's class (<512, <1024, or above). */
function defaultRange(port: number): PortRange {
  if (port < 512) return { from: 1, to: 511 };
  if (port < 1024) return { from: 600, to: 1023 };
  return { from: 1024, to: 65535 };
}
