import { type AddressType, type Host, type Ipv4, prefixMask, type Route } from "@nfx/model";

export const LOOPBACK_ADDR = 0x7f000001;

/** 224.0.0.1, all hosts: every interface joins it when it gets an IPv4 address (`ip_mc_up`). */
export const ALL_HOSTS = 0xe0000001;

/** 224.0.0.0/4. */
export function isMulticast(addr: Ipv4): boolean {
  return addr >>> 28 === 14;
}

/** A packet's address types, as its snapshot records them (result.ts). */
export interface PacketTypes {
  readonly srcType: AddressType;
  readonly dstType: AddressType;
  readonly typesOnIn: readonly [AddressType, AddressType];
  readonly typesOnOut: readonly [AddressType, AddressType];
}

/** Where the FIB sends a destination. */
type RouteResult =
  | { readonly kind: "local"; readonly dev: "lo" }
  | { readonly kind: "unicast"; readonly dev: string; readonly via: Ipv4 | null }
  | { readonly kind: "blackhole" | "unreachable" | "prohibit" }
  | { readonly kind: "none" };

interface FibEntry {
  readonly dst: Ipv4;
  readonly mask: Ipv4;
  readonly prefix: number;
  readonly route: Route;
}

/**
 * The host's routing: its local addresses, the connected routes of its interfaces and the routes it was
 * given, looked up by longest prefix as `fib_table_lookup` does (the local table first).
 */
export class Routing {
  private readonly fib: FibEntry[];

  /** Routes with a mark: each distinct mark is a table of its own behind an `ip rule fwmark`, looked up first. */
  private readonly markTables: { readonly value: number; readonly mask: number; readonly fib: FibEntry[] }[] = [];

  /**
   * Each interface's address and subnet broadcast (-1, no address: a /31 or /32 has none), by the interface's
   * position: worked out once, and read with plain loops that V8 compiles in little time.
   */
  private readonly addrs: readonly Ipv4[];
  private readonly broadcasts: readonly number[];
  /** packetTypes' last answer and what it was for. */
  private lastTypes: {
    readonly src: Ipv4;
    readonly dst: Ipv4;
    readonly inIface: string | null;
    readonly outIface: string | null;
    readonly types: PacketTypes;
  } | null = null;

  constructor(private readonly host: Host) {
    this.addrs = host.interfaces.map((i) => i.addr);
    this.broadcasts = host.interfaces.map((i) => (i.prefix < 31 ? (i.addr | ~prefixMask(i.prefix)) >>> 0 : -1));
    const connected: Route[] = host.interfaces.map((i) => ({
      dst: (i.addr & prefixMask(i.prefix)) >>> 0,
      prefix: i.prefix,
      dev: i.name,
      type: "unicast",
    }));
    const entry = (route: Route): FibEntry => ({
      dst: (route.dst & prefixMask(route.prefix)) >>> 0,
      mask: prefixMask(route.prefix),
      prefix: route.prefix,
      route,
    });
    for (const route of host.routes) {
      const m = route.mark;
      if (!m) continue;
      let table = this.markTables.find((t) => t.value === m.value && t.mask === m.mask);
      if (!table) {
        table = { value: m.value, mask: m.mask, fib: [] };
        this.markTables.push(table);
      }
      table.fib.push(entry(route));
      table.fib.sort((a, b) => b.prefix - a.prefix);
    }
    this.fib = [...host.routes.filter((r) => !r.mark), ...connected]
      .map((route) => ({
        dst: (route.dst & prefixMask(route.prefix)) >>> 0,
        mask: prefixMask(route.prefix),
        prefix: route.prefix,
        route,
      }))
      .sort((a, b) => b.prefix - a.prefix);
  }

  /** An address of this host: any interface address or 127.0.0.0/8 (weak host model). */
  isLocal(addr: Ipv4): boolean {
    if (addr >>> 24 === 127) return true;
    return this.addrs.includes(addr);
  }

  /** The subnet broadcast of an interface, or the limited broadcast. */
  isBroadcast(addr: Ipv4): boolean {
    if (addr === 0xffffffff) return true;
    return this.broadcasts.includes(addr);
  }

  /**
   * A multicast group the host has joined on its interfaces: all hosts only (a scenario's sockets join no
   * group). Packets to it are delivered locally; packets to other groups are dropped, never routed.
   */
  joinedGroup(addr: Ipv4): boolean {
    return addr === ALL_HOSTS;
  }

  /**
   * Whether the input route delivers `dst` to this host: one of its addresses, a broadcast of one of its
   * subnets or the limited broadcast, or a group it joined.
   */
  deliversLocally(dst: Ipv4): boolean {
    return this.isLocal(dst) || this.isBroadcast(dst) || this.joinedGroup(dst);
  }

  /**
   * A destination that addresses more than one host (`RTCF_BROADCAST | RTCF_MULTICAST`): the kernel never
   * answers it with a RST or an ICMP error, and ignores an echo request to it (`icmp_echo_ignore_broadcasts`).
   */
  isGroupDestination(addr: Ipv4): boolean {
    return this.isBroadcast(addr) || isMulticast(addr);
  }

  /**
   * The address types a packet's snapshot records, as `-m addrtype` sees them: of its addresses, and limited to
   * its input and its output interface. The last answer is kept (its arrays are shared, never changed): every
   * chain entry of a packet, and the next packets of its flow, ask again for the same.
   */
  packetTypes(src: Ipv4, dst: Ipv4, inIface: string | null, outIface: string | null): PacketTypes {
    const last = this.lastTypes;
    if (last && last.src === src && last.dst === dst && last.inIface === inIface && last.outIface === outIface) {
      return last.types;
    }
    const types: PacketTypes = {
      srcType: this.addressType(src),
      dstType: this.addressType(dst),
      typesOnIn: [this.addressType(src, inIface), this.addressType(dst, inIface)],
      typesOnOut: [this.addressType(src, outIface), this.addressType(dst, outIface)],
    };
    this.lastTypes = { src, dst, inIface, outIface, types };
    return types;
  }

  /** `inet_addr_type()`, optionally restricted to one interface's addresses (`--limit-iface-in/out`). */
  addressType(addr: Ipv4, iface?: string | null): AddressType {
    if (addr === 0) return "BROADCAST";
    if (addr >>> 28 === 14) return "MULTICAST";
    if (iface !== undefined) {
      if (iface === "lo") return addr >>> 24 === 127 ? "LOCAL" : "UNICAST";
      const ifs = this.host.interfaces;
      for (let i = 0; i < ifs.length; i++) if (ifs[i]!.name === iface && this.addrs[i] === addr) return "LOCAL";
      for (let i = 0; i < ifs.length; i++)
        if (ifs[i]!.name === iface && this.broadcasts[i] === addr) return "BROADCAST";
      return addr === 0xffffffff ? "BROADCAST" : "UNICAST";
    }
    if (this.isLocal(addr)) return "LOCAL";
    if (this.isBroadcast(addr)) return "BROADCAST";
    return "UNICAST";
  }

  /** The local table, then each fwmark rule's table the mark selects, then the main table (`fib_rules`). */
  lookup(dst: Ipv4, mark: number): RouteResult {
    if (this.isLocal(dst) || this.isBroadcast(dst)) return { kind: "local", dev: "lo" };
    for (const table of this.markTables) {
      if ((mark & table.mask) >>> 0 !== table.value) continue;
      const hit = this.lookupIn(table.fib, dst);
      if (hit) return hit;
    }
    return this.lookupIn(this.fib, dst) ?? { kind: "none" };
  }

  private lookupIn(fib: readonly FibEntry[], dst: Ipv4): RouteResult | null {
    for (const entry of fib) {
      if ((dst & entry.mask) >>> 0 !== entry.dst) continue;
      const { type, dev, via } = entry.route;
      if (type !== "unicast") return { kind: type };
      const out = dev ?? this.deviceFor(via);
      if (!out) continue;
      return { kind: "unicast", dev: out, via: via ?? null };
    }
    return null;
  }

  /** The interface that has `addr` as its address (lo for 127.0.0.0/8), or null. */
  ownerOf(addr: Ipv4): string | null {
    if (addr >>> 24 === 127) return "lo";
    return this.host.interfaces.find((i) => i.addr === addr)?.name ?? null;
  }

  /** The first address of an interface (what REDIRECT and MASQUERADE pick). */
  interfaceAddress(dev: string): Ipv4 | null {
    if (dev === "lo") return LOOPBACK_ADDR;
    return this.host.interfaces.find((i) => i.name === dev)?.addr ?? null;
  }

  /** The source address the host would use toward `dst` (`inet_select_addr` on the route's device). */
  sourceToward(dst: Ipv4): Ipv4 | null {
    const route = this.lookup(dst, 0);
    if (route.kind === "local") return this.isLocal(dst) && dst >>> 24 !== 127 ? dst : LOOPBACK_ADDR;
    if (route.kind !== "unicast") return null;
    return this.interfaceAddress(route.dev);
  }

  /** The device a packet toward `dst` leaves by, or null without a usable route. */
  deviceToward(dst: Ipv4): string | null {
    const route = this.lookup(dst, 0);
    return route.kind === "unicast" || route.kind === "local" ? route.dev : null;
  }

  /** Whether `addr` is inside one of `dev`'s own subnets (`inet_addr_onlink`). */
  isOnLink(dev: string, addr: Ipv4): boolean {
    return this.host.interfaces.some((i) => i.name === dev && ((i.addr ^ addr) & prefixMask(i.prefix)) >>> 0 === 0);
  }

  hasInterface(name: string): boolean {
    return name === "lo" || this.host.interfaces.some((i) => i.name === name);
  }

  /** Interface names, `lo` first: the order the engine numbers them in for interface tests. */
  interfaceNames(): string[] {
    return ["lo", ...new Set(this.host.interfaces.map((i) => i.name))];
  }

  private deviceFor(via: Ipv4 | undefined): string | null {
    if (via === undefined) return null;
    const i = this.host.interfaces.find((x) => ((x.addr ^ via) & prefixMask(x.prefix)) >>> 0 === 0);
    return i?.name ?? null;
  }
}
