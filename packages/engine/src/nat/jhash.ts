/**
 * Bob Jenkins' lookup3 hash as the kernel has it (`include/linux/jhash.h`), on 32-bit words: NAT uses it to
 * choose an address in a range (`find_best_ips_proto`), so the engine must compute exactly the same value.
 */

const JHASH_INITVAL = 0xdeadbeef;

function rol32(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** `jhash2(k, length, initval)`: every word and the result are unsigned 32-bit numbers. */
export function jhash2(k: readonly number[], initval: number): number {
  let length = k.length;
  let a = (JHASH_INITVAL + (length << 2) + initval) >>> 0;
  let b = a;
  let c = a;
  let i = 0;
  // __jhash_mix over each full group of three words while more than three remain.
  while (length > 3) {
    a = (a + k[i]!) >>> 0;
    b = (b + k[i + 1]!) >>> 0;
    c = (c + k[i + 2]!) >>> 0;
    a = (a - c) >>> 0;
    a = (a ^ rol32(c, 4)) >>> 0;
    c = (c + b) >>> 0;
    b = (b - a) >>> 0;
    b = (b ^ rol32(a, 6)) >>> 0;
    a = (a + c) >>> 0;
    c = (c - b) >>> 0;
    c = (c ^ rol32(b, 8)) >>> 0;
    b = (b + a) >>> 0;
    a = (a - c) >>> 0;
    a = (a ^ rol32(c, 16)) >>> 0;
    c = (c + b) >>> 0;
    b = (b - a) >>> 0;
    b = (b ^ rol32(a, 19)) >>> 0;
    a = (a + c) >>> 0;
    c = (c - b) >>> 0;
    c = (c ^ rol32(b, 4)) >>> 0;
    b = (b + a) >>> 0;
    length -= 3;
    i += 3;
  }
  if (length === 0) return c;
  if (length === 3) c = (c + k[i + 2]!) >>> 0;
  if (length >= 2) b = (b + k[i + 1]!) >>> 0;
  a = (a + k[i]!) >>> 0;
  // __jhash_final
  c = ((c ^ b) - rol32(b, 14)) >>> 0;
  a = ((a ^ c) - rol32(c, 11)) >>> 0;
  b = ((b ^ a) - rol32(a, 25)) >>> 0;
  c = ((c ^ b) - rol32(b, 16)) >>> 0;
  a = ((a ^ c) - rol32(c, 4)) >>> 0;
  b = ((b ^ a) - rol32(a, 14)) >>> 0;
  c = ((c ^ b) - rol32(b, 24)) >>> 0;
  return c;
}

/** `reciprocal_scale(val, ep_ro)`: `val` scaled into [0, ep_ro) by the high half of a 64-bit product. */
export function reciprocalScale(val: number, range: number): number {
  return Number((BigInt(val >>> 0) * BigInt(range >>> 0)) >> 32n);
}

/**
 * An IPv4 address as the u32 the kernel hashes: the address's network-order bytes read as a machine word on a
 * little-endian CPU (x86, arm64), where `10.0.0.1` is 0x0100000a.
 */
export function wireWord(addr: number): number {
  return (((addr & 0xff) << 24) | (((addr >>> 8) & 0xff) << 16) | (((addr >>> 16) & 0xff) << 8) | (addr >>> 24)) >>> 0;
}
