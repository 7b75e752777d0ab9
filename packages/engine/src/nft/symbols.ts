import { type Atom, type Expr, ICMP_CODES, ICMP_TYPES } from "@nfx/nftables";

/**
 * The value a constant has for the expression it is compared with, as nft's datatypes give it: `tcp` is 6 for
 * `meta l4proto`, `established` is bit 2 for `ct state`, `echo-request` is 8 for `icmp type`. Everything
 * the engine compares is a number (u32) or, for interface names and fib types, a string.
 */
export type NftValue = number | string;

/** nft's protocol names (`inet_proto`). */
const PROTOCOLS: Readonly<Record<string, number>> = {
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  gre: 47,
  esp: 50,
  ah: 51,
  "ipv6-icmp": 58,
  icmpv6: 58,
  sctp: 132,
  udplite: 136,
};

/** `ct_state` bits (NF_CT_STATE_*_BIT): invalid 1, established 2, related 4, new 8, untracked 64. */
export const CT_STATE_BITS: Readonly<Record<string, number>> = {
  invalid: 1,
  established: 2,
  related: 4,
  new: 8,
  untracked: 64,
};

/** `ct_status` bits (IPS_*). */
export const CT_STATUS_BITS: Readonly<Record<string, number>> = {
  expected: 1,
  "seen-reply": 2,
  assured: 4,
  confirmed: 8,
  snat: 16,
  dnat: 32,
  dying: 512,
};

/** `tcp_flag` bits, in the TCP header's order. */
export const TCP_FLAG_BITS: Readonly<Record<string, number>> = {
  fin: 1,
  syn: 2,
  rst: 4,
  psh: 8,
  ack: 16,
  urg: 32,
  ecn: 64,
  cwr: 128,
};

/** `pkt_type` (PACKET_*). */
export const PKTTYPE_VALUES: Readonly<Record<string, number>> = { host: 0, broadcast: 1, multicast: 2, other: 3 };

/** The services nft knows by name and may print (`/etc/services`), for rules written with names. */
const SERVICES: Readonly<Record<string, number>> = {
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  bootps: 67,
  bootpc: 68,
  http: 80,
  ntp: 123,
  https: 443,
  submission: 587,
  imaps: 993,
  "http-alt": 8080,
};

/** Whether `left` reads a bitmask type, whose constants combine with `,`/`|` and are tested with `&`. */
export function isBitmask(left: Expr): boolean {
  if (left.kind === "ct") return left.key === "state" || left.key === "status";
  return left.kind === "payload" && left.proto === "tcp" && left.field === "flags";
}

/** Whether `left` gives a string (interface names, fib types) rather than a number. */
export function isStringTyped(left: Expr): boolean {
  if (left.kind === "meta") return ["iif", "oif", "iifname", "oifname", "iiftype", "oiftype"].includes(left.key);
  return left.kind === "fib";
}

function symbolFor(left: Expr, name: string): number | string | undefined {
  switch (left.kind) {
    case "payload":
      if (left.field === "protocol") return PROTOCOLS[name];
      if (left.proto === "icmp") return left.field === "type" ? ICMP_TYPES[name] : ICMP_CODES[name];
      if (left.proto === "tcp" && left.field === "flags") return TCP_FLAG_BITS[name];
      if (left.field === "sport" || left.field === "dport") return SERVICES[name];
      return undefined;
    case "meta":
      if (left.key === "l4proto") return PROTOCOLS[name];
      if (left.key === "pkttype") return PKTTYPE_VALUES[name];
      if (left.key === "nfproto") return name === "ipv4" ? 2 : name === "ipv6" ? 10 : undefined;
      if (left.key === "protocol")
        return name === "ip" ? 0x0800 : name === "ip6" ? 0x86dd : name === "arp" ? 0x0806 : undefined;
      return undefined;
    case "ct":
      if (left.key === "state") return CT_STATE_BITS[name];
      if (left.key === "status") return CT_STATUS_BITS[name];
      if (left.key === "direction") return name === "original" ? 0 : name === "reply" ? 1 : undefined;
      if (left.key === "l3proto") return name === "ipv4" ? 2 : name === "ipv6" ? 10 : undefined;
      return undefined;
    case "ct-dir":
      if (left.key === "protocol") return PROTOCOLS[name];
      if (left.key === "proto-src" || left.key === "proto-dst") return SERVICES[name];
      return undefined;
    case "fib":
      return left.result === "type" ? name : undefined;
    case "binop":
      return symbolFor(left.left, name);
    case "concat":
      return undefined;
    default:
      return undefined;
  }
}

/** A constant's value for `left`, or null when the engine cannot give it one (an IPv6 address, an unknown name). */
export function atomValue(left: Expr, atom: Atom): NftValue | null {
  switch (atom.kind) {
    case "number":
      return isStringTyped(left) ? String(atom.value) : atom.value >>> 0;
    case "string":
      return atom.value;
    case "ipv4":
      return ipv4Value(atom.text);
    case "ipv6":
      return null;
    case "symbol": {
      if (isStringTyped(left) && left.kind === "meta") return atom.name;
      return symbolFor(left, atom.name) ?? null;
    }
  }
}

/** `flags` values (`established,related`, `syn|ack`) as one mask. */
export function flagsValue(left: Expr, names: readonly string[]): number | null {
  let mask = 0;
  for (const n of names) {
    const v = symbolFor(left, n);
    if (typeof v !== "number") return null;
    mask |= v;
  }
  return mask >>> 0;
}

/**
 * A dotted quad as a u32, read by character codes: a kube-proxy ruleset holds tens of thousands of addresses,
 * and the regular-expression parser costs a third of its compile. Strict, as `parseIpv4`.
 */
export function ipv4Value(text: string): number | null {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return null;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + (c - 48);
      digits += 1;
      if (octet > 255) return null;
    } else return null;
  }
  if (digits === 0 || dots !== 3) return null;
  return (value * 256 + octet) >>> 0;
}
