/**
 * The kernel's `jhash()` (Bob Jenkins' lookup3, include/linux/jhash.h) over a byte string, as nft's `jhash`
 * expression hashes its key register: words are read little-endian, as on the x86 and arm hosts it runs on.
 */
export function jhash(key: readonly number[], initval: number): number {
  let length = key.length;
  let a = (0xdeadbeef + length + initval) >>> 0;
  let b = a;
  let c = a;
  const word = (i: number) => (key[i]! | (key[i + 1]! << 8) | (key[i + 2]! << 16) | (key[i + 3]! << 24)) >>> 0;
  let k = 0;
  while (length > 12) {
    a = (a + word(k)) >>> 0;
    b = (b + word(k + 4)) >>> 0;
    c = (c + word(k + 8)) >>> 0;
    [a, b, c] = mix(a, b, c);
    length -= 12;
    k += 12;
  }
  const byte = (i: number) => key[k + i] ?? 0;
  // The last 1..12 bytes (the kernel's fall-through switch): byte i of the tail goes to a, b or c by i / 4.
  if (length === 0) return c >>> 0;
  const acc = [a, b, c];
  for (let i = 0; i < length; i++) acc[i >> 2] = (acc[i >> 2]! + (byte(i) << ((i & 3) * 8))) >>> 0;
  [a, b, c] = acc as [number, number, number];
  c = final(a, b, c);
  return c >>> 0;
}

const rol = (x: number, k: number) => ((x << k) | (x >>> (32 - k))) >>> 0;

function mix(a: number, b: number, c: number): [number, number, number] {
  a = (a - c) >>> 0;
  a = (a ^ rol(c, 4)) >>> 0;
  c = (c + b) >>> 0;
  b = (b - a) >>> 0;
  b = (b ^ rol(a, 6)) >>> 0;
  a = (a + c) >>> 0;
  c = (c - b) >>> 0;
  c = (c ^ rol(b, 8)) >>> 0;
  b = (b + a) >>> 0;
  a = (a - c) >>> 0;
  a = (a ^ rol(c, 16)) >>> 0;
  c = (c + b) >>> 0;
  b = (b - a) >>> 0;
  b = (b ^ rol(a, 19)) >>> 0;
  a = (a + c) >>> 0;
  c = (c - b) >>> 0;
  c = (c ^ rol(b, 4)) >>> 0;
  b = (b + a) >>> 0;
  return [a, b, c];
}

function final(a: number, b: number, c: number): number {
  c = (c ^ b) >>> 0;
  c = (c - rol(b, 14)) >>> 0;
  a = (a ^ c) >>> 0;
  a = (a - rol(c, 11)) >>> 0;
  b = (b ^ a) >>> 0;
  b = (b - rol(a, 25)) >>> 0;
  c = (c ^ b) >>> 0;
  c = (c - rol(b, 16)) >>> 0;
  a = (a ^ c) >>> 0;
  a = (a - rol(c, 4)) >>> 0;
  b = (b ^ a) >>> 0;
  b = (b - rol(a, 14)) >>> 0;
  c = (c ^ b) >>> 0;
  c = (c - rol(b, 24)) >>> 0;
  return c;
}
