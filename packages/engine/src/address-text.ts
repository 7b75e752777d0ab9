import { formatIpv4, type Ipv4 } from "@nfx/model";

/** Enough for the addresses of any scenario; past it the memo starts again rather than grow without end. */
const MAX_ENTRIES = 1 << 16;

const texts = new Map<Ipv4, string>();

/**
 * formatIpv4, remembered per address: every chain entry of every packet writes its addresses several times
 * (its header, its snapshot, its connection's tuples), nearly always the same few. A fresh `nfx trace` runs
 * this code before V8 has optimised it, where building a dotted quad costs far more than a lookup.
 */
export function addressText(addr: Ipv4): string {
  let text = texts.get(addr);
  if (text === undefined) {
    if (texts.size >= MAX_ENTRIES) texts.clear();
    text = formatIpv4(addr);
    texts.set(addr, text);
  }
  return text;
}
