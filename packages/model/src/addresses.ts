/**
 * IPv4 addresses are unsigned 32-bit numbers everywhere in the model: the engine compares them with a mask
 * and an equality, which is what keeps the per-packet path free of string parsing.
 */
export type Ipv4 = number;

/** An address with a mask, as in `-s 10.0.0.0/8`; `addr` is already masked. */
export interface Cidr {
  readonly addr: Ipv4;
  readonly mask: Ipv4;
}

/** Dotted-quad text of an address. */
export function formatIpv4(addr: Ipv4): string {
  return `${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`;
}

/** Parses a strict dotted quad (four decimal octets); returns null for anything else. */
export function parseIpv4(text: string): Ipv4 | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value >>> 0;
}

/** The mask of a prefix length: 24 -> 255.255.255.0. */
export function prefixMask(length: number): Ipv4 {
  return length <= 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

/** The prefix length of a contiguous mask, or null when the mask has holes. */
export function maskPrefix(mask: Ipv4): number | null {
  const inverted = ~mask >>> 0;
  if ((inverted & (inverted + 1)) !== 0) return null;
  return 32 - Math.log2(inverted + 1);
}

/** `10.0.0.0/8` style text; a non-contiguous mask prints as a dotted mask, as iptables-save does. */
export function formatCidr(cidr: Cidr): string {
  const length = maskPrefix(cidr.mask);
  return `${formatIpv4(cidr.addr)}/${length === null ? formatIpv4(cidr.mask) : length}`;
}

export function cidrContains(cidr: Cidr, addr: Ipv4): boolean {
  return (addr & cidr.mask) >>> 0 === cidr.addr;
}
