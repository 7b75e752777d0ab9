import { type Cidr, type Ipv4, prefixMask } from "@nfx/model";
import { LineError } from "./diagnostics";

/** A dotted quad read straight from char codes; -1 when `text[start, end)` is not one. */
export function scanIpv4(text: string, start: number, end: number): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + c - 48;
      if (octet > 255) return -1;
      digits++;
    } else {
      return -1;
    }
  }
  if (digits === 0 || dots !== 3) return -1;
  return value * 256 + octet;
}

function notFound(text: string, column: number): LineError {
  return new LineError("bad-address", `host/network \`${text}' not found`, column, column + text.length);
}

/** An IPv4 address; iptables resolves names, we cannot, so a name is reported as not found. */
export function parseAddress(text: string, column: number): Ipv4 {
  const addr = scanIpv4(text, 0, text.length);
  if (addr < 0) throw notFound(text, column);
  return addr;
}

/**
 * `-s`/`-d` syntax: `a`, `a/len` or `a/dotted-mask`; the address is masked as iptables does
 * (`10.1.2.3/255.255.0.0` means `10.1.0.0/16`), and a host is `/32`.
 */
export function parseCidr(text: string, column: number): Cidr {
  const slash = text.indexOf("/");
  const end = slash < 0 ? text.length : slash;
  const addr = scanIpv4(text, 0, end);
  if (addr < 0) throw notFound(slash < 0 ? text : text.slice(0, slash), column);
  let mask = 0xffffffff;
  if (slash >= 0) {
    const maskText = text.slice(slash + 1);
    const dotted = maskText.indexOf(".") >= 0 ? scanIpv4(maskText, 0, maskText.length) : -1;
    if (dotted >= 0) {
      mask = dotted;
    } else {
      const len = /^\d{1,2}$/.test(maskText) ? Number(maskText) : -1;
      if (len < 0 || len > 32) {
        throw new LineError("bad-address", `invalid mask \`${maskText}' specified`, column, column + text.length);
      }
      mask = prefixMask(len);
    }
  }
  return { addr: (addr & mask) >>> 0, mask };
}
