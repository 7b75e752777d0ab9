/**
 * Checks of the commonest values straight on the file text, for `check`, which builds no value: each says true
 * only where the value's maker (shared-values.ts) would surely accept the text; false means "ask the maker",
 * which then accepts it, refuses it or finds the error.
 */

/**
 * Whether `text[start, end)` is what scanIpv4 (address.ts) accepts: four dot-separated octets of one to three
 * digits, each up to 255. It makes no value: one as large as 10.0.0.0 is not a small integer, and the first such
 * address V8 met deoptimised the checks that had made one (the JIT's warm-up is most of a check's time).
 */
function isIpv4(text: string, start: number, end: number): boolean {
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return false;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + c - 48;
      if (octet > 255) return false;
      digits++;
    } else {
      return false;
    }
  }
  return digits !== 0 && dots === 3;
}

/** `A.B.C.D` or `A.B.C.D/N` with N of one or two digits up to 32: what parseCidr accepts without a dotted mask. */
export function plainCidr(text: string, start: number, stop: number): boolean {
  let slash = start;
  while (slash < stop && text.charCodeAt(slash) !== 47 /* / */) slash++;
  if (!isIpv4(text, start, slash)) return false;
  if (slash === stop) return true;
  const digits = stop - slash - 1;
  if (digits < 1 || digits > 2) return false;
  let n = 0;
  for (let i = slash + 1; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    n = n * 10 + c - 48;
  }
  return n <= 32;
}

/**
 * `A.B.C.D` or `A.B.C.D:PORT` with a decimal port from 1 to 65535 without a leading zero (a leading zero reads
 * as octal): what a NAT target's maker accepts. 0: ask the maker; 1: an address; 2: an address and a port.
 */
export function plainNatTo(text: string, start: number, stop: number): 0 | 1 | 2 {
  let colon = start;
  while (colon < stop && text.charCodeAt(colon) !== 58 /* : */) colon++;
  if (!isIpv4(text, start, colon)) return 0;
  if (colon === stop) return 1;
  const digits = stop - colon - 1;
  if (digits < 1 || digits > 5 || text.charCodeAt(colon + 1) === 48) return 0;
  let n = 0;
  for (let i = colon + 1; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return 0;
    n = n * 10 + c - 48;
  }
  return n <= 65535 ? 2 : 0;
}

/** A decimal port from 1 to 65535 without a leading zero: what parsePortRange accepts as one port. */
export function plainPort(text: string, start: number, stop: number): boolean {
  const digits = stop - start;
  if (digits < 1 || digits > 5 || text.charCodeAt(start) === 48) return false;
  let n = 0;
  for (let i = start; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
    n = n * 10 + c - 48;
  }
  return n <= 65535;
}

/** `[PACKETS:BYTES]`, both decimal digits: what parseCounters accepts (larger values saturate, still valid). */
export function plainCounters(text: string, start: number, stop: number): boolean {
  if (stop - start < 5 || text.charCodeAt(start) !== 91 || text.charCodeAt(stop - 1) !== 93) return false;
  let colon = -1;
  for (let i = start + 1; i < stop - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === 58 && colon < 0) colon = i;
    else if (c < 48 || c > 57) return false;
  }
  return colon > start + 1 && colon < stop - 2;
}
