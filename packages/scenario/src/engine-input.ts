import {
  type Host,
  type InnerHeader,
  type Ipv4,
  type PacketSpec,
  parseIpv4,
  parseTcpFlags,
  type Route,
} from "@nfx/model";
import type { Scenario, ScenarioPacket } from "./scenario";

/**
 * A dotted quad read digit by digit: a scenario's 1,000 packets give 2,000 addresses while V8 still interprets
 * this code, where a split and a regular expression per octet cost more than the whole packet's trace. Anything
 * that is not four decimal octets of 1-3 digits goes to parseIpv4, which decides (and this throws).
 */
function ip(text: string): Ipv4 {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9 && digits < 3) {
      octet = octet * 10 + c;
      digits++;
    } else if (c === -2 && digits > 0 && dots < 3 && octet <= 255) {
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else return parsed(text);
  }
  if (dots !== 3 || digits === 0 || octet > 255) return parsed(text);
  return (value * 256 + octet) >>> 0;
}

function parsed(text: string): Ipv4 {
  const addr = parseIpv4(text);
  if (addr === null) throw new Error(`not an IPv4 address: ${text}`);
  return addr;
}

function cidr(text: string): { addr: Ipv4; prefix: number } {
  const [a, p] = text.split("/");
  return { addr: ip(a!), prefix: p === undefined ? 32 : Number(p) };
}

function mark(text: string): { value: number; mask: number } {
  const [v, m] = text.split("/");
  return { value: Number(v) >>> 0, mask: m === undefined ? 0xffffffff : Number(m) >>> 0 };
}

/** The engine's host from a validated scenario. */
export function toHost(scenario: Scenario): Host {
  const h = scenario.host;
  return {
    interfaces: h.interfaces.map((i) => {
      const { addr, prefix } = cidr(i.addr);
      return { name: i.name, addr, prefix, ...(i.mac ? { mac: i.mac } : {}) };
    }),
    routes: h.routes.map((r): Route => {
      const { addr, prefix } = cidr(r.dst);
      return {
        dst: addr,
        prefix,
        type: r.type ?? "unicast",
        ...(r.via ? { via: ip(r.via) } : {}),
        ...(r.dev ? { dev: r.dev } : {}),
        ...(r.mark ? { mark: mark(r.mark) } : {}),
      };
    }),
    listen: h.listen.map((l) => ({ proto: l.proto, port: l.port, ...(l.addr ? { addr: ip(l.addr) } : {}) })),
    conntrack: h.conntrack,
    sysctl: hostSysctls(h),
  };
}

/** Every sysctl a scenario sets, the older `ip_forward` and `tcp_loose` fields included. */
export function hostSysctls(h: Scenario["host"]): Record<string, number> {
  return {
    ...h.sysctl,
    "net.ipv4.ip_forward": h.ip_forward ? 1 : 0,
    ...(h.tcp_loose === undefined ? {} : { "net.netfilter.nf_conntrack_tcp_loose": h.tcp_loose ? 1 : 0 }),
  };
}

/** The engine's packet from a validated scenario packet, with the defaults the kernel recordings use. */
export function toPacketSpec(p: ScenarioPacket): PacketSpec {
  const payloadLength = p.payload ? utf8Length(p.payload) : 0;
  const inner: InnerHeader | undefined = p.inner && {
    proto: p.inner.proto,
    src: ip(p.inner.src),
    dst: ip(p.inner.dst),
    sport: p.inner.sport ?? 0,
    dport: p.inner.dport ?? 0,
    icmpType: p.inner.type ?? 8,
    icmpCode: p.inner.code ?? 0,
    icmpId: p.inner.icmp_id ?? 1,
  };
  return {
    from: p.from,
    proto: p.proto,
    src: ip(p.src),
    dst: ip(p.dst),
    sport: p.proto === "icmp" ? 0 : (p.sport ?? 0),
    dport: p.proto === "icmp" ? 0 : (p.dport ?? 0),
    flags: p.proto === "tcp" ? (parseTcpFlags(p.flags ?? "S") ?? 2) : 0,
    icmpType: p.type ?? 0,
    icmpCode: p.code ?? 0,
    icmpId: p.icmp_id ?? 1,
    icmpSeq: p.icmp_seq ?? 1,
    ttl: p.ttl ?? 64,
    tos: p.tos ?? 0,
    id: p.id ?? 1,
    ...(p.seq === undefined ? {} : { seq: p.seq }),
    // What the recorder's neighbours send when the scenario says nothing.
    window: p.window ?? 8192,
    ...(p.ack === undefined ? {} : { ack: p.ack }),
    payloadLength,
    mark: p.mark ?? 0,
    ...(inner ? { inner } : {}),
    ...(p.mac ? { mac: p.mac } : {}),
    uid: p.uid ?? 0,
    gid: p.gid ?? 0,
    at: p.at ?? 0,
    advance: p.advance ?? 0,
  };
}

function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}
