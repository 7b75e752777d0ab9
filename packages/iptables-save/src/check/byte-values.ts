import { DOT, NINE, ZERO } from "../fast/char-codes";

/**
 * The value checks of a quick check, on the bytes of an ASCII text (quick-check.ts): each is true only where the
 * value's maker surely accepts the text, as fast/range-checks.ts says of the same text as a string (a byte is
 * read in a few instructions where a character of a large string takes several times as many). False means
 * "not sure", never "wrong": the line then goes to the general parser.
 */

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

/** Four dot-separated octets of one to three digits, each up to 255 (scanIpv4). */
function isIpv4(b: Uint8Array, start: number, end: number): boolean {
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c === DOT) {
      if (digits === 0 || dots === 3) return false;
      octet = 0;
      digits = 0;
      dots++;
    } else if (isDigit(c) && digits < 3) {
      octet = octet * 10 + c - ZERO;
      if (octet > 255) return false;
      digits++;
    } else {
      return false;
    }
  }
  return digits !== 0 && dots === 3;
}

/** A decimal number of `min` to `max` digits, at most `limit`; -1 if not. */
function decimal(b: Uint8Array, start: number, stop: number, max: number, limit: number): number {
  const digits = stop - start;
  if (digits < 1 || digits > max) return -1;
  let n = 0;
  for (let i = start; i < stop; i++) {
    const c = b[i]!;
    if (!isDigit(c)) return -1;
    n = n * 10 + c - ZERO;
  }
  return n <= limit ? n : -1;
}

/** `A.B.C.D` or `A.B.C.D/N`, N of one or two digits up to 32 (plainCidr). */
export function cidrOk(b: Uint8Array, start: number, stop: number): boolean {
  let slash = start;
  while (slash < stop && b[slash] !== 47 /* / */) slash++;
  if (!isIpv4(b, start, slash)) return false;
  return slash === stop || decimal(b, slash + 1, stop, 2, 32) >= 0;
}

/** A port from 1 to 65535 without a leading zero (plainPort). */
export function portOk(b: Uint8Array, start: number, stop: number): boolean {
  return b[start] !== ZERO && decimal(b, start, stop, 5, 65535) >= 0;
}

/** `A.B.C.D` (1) or `A.B.C.D:PORT` (2), as plainNatTo; 0: not sure. */
export function natToOk(b: Uint8Array, start: number, stop: number): 0 | 1 | 2 {
  let colon = start;
  while (colon < stop && b[colon] !== 58 /* : */) colon++;
  if (!isIpv4(b, start, colon)) return 0;
  if (colon === stop) return 1;
  return portOk(b, colon + 1, stop) ? 2 : 0;
}

/** `[PACKETS:BYTES]`, both decimal digits (plainCounters). */
export function countersOk(b: Uint8Array, start: number, stop: number): boolean {
  if (stop - start < 5 || b[start] !== 91 || b[stop - 1] !== 93) return false;
  let colon = -1;
  for (let i = start + 1; i < stop - 1; i++) {
    const c = b[i]!;
    if (c === 58 && colon < 0) colon = i;
    else if (!isDigit(c)) return false;
  }
  return colon > start + 1 && colon < stop - 2;
}

/** `0`, `1`, `0.DIGITS` or `1.000...`: what the statistic's maker surely takes (a subset of what Number reads). */
export function probabilityOk(b: Uint8Array, start: number, stop: number): boolean {
  const n = stop - start;
  const lead = b[start]!;
  if (n < 1 || n > 32 || (lead !== ZERO && lead !== ZERO + 1)) return false;
  if (n === 1) return true;
  if (n === 2 || b[start + 1] !== DOT) return false;
  for (let i = start + 2; i < stop; i++) {
    const c = b[i]!;
    if (!isDigit(c) || (lead !== ZERO && c !== ZERO)) return false;
  }
  return true;
}

const CT_STATES = ["INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", "SNAT", "DNAT"];

function isState(b: Uint8Array, start: number, stop: number): boolean {
  for (const s of CT_STATES) {
    if (s.length !== stop - start) continue;
    let k = 0;
    while (k < s.length && b[start + k] === s.charCodeAt(k)) k++;
    if (k === s.length) return true;
  }
  return false;
}

/** Conntrack states in capitals, separated by commas, as iptables-save writes them. */
export function ctStatesOk(b: Uint8Array, start: number, stop: number): boolean {
  let i = start;
  for (;;) {
    let j = i;
    while (j < stop && b[j] !== 44 /* , */) j++;
    if (!isState(b, i, j)) return false;
    if (j === stop) return true;
    i = j + 1;
  }
}

/** `0xHEX` or `0xHEX/0xHEX`, 1 to 8 lower-case hex digits each, as iptables-save writes a mark. */
export function markOk(b: Uint8Array, start: number, stop: number): boolean {
  let i = start;
  for (let part = 0; part < 2; part++) {
    if (b[i] !== ZERO || b[i + 1] !== 120 /* x */) return false;
    i += 2;
    const from = i;
    for (; i < stop; i++) {
      const c = b[i]!;
      if (!(isDigit(c) || (c >= 97 && c <= 102))) break;
    }
    if (i === from || i - from > 8) return false;
    if (i === stop) return true;
    if (part === 1 || b[i] !== 47 /* / */) return false;
    i++;
  }
  return false;
}
