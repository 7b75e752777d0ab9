/**
 * Public IPv4 addresses -> documentation ranges, keeping the structure routing depends on: addresses that share
 * a /24 (or a wider prefix the host uses, down to /15) land in one block at the same offsets, so an interface's
 * gateway stays inside its subnet and `-d 85.1.2.0/24` still covers the host's 85.1.2.7.
 *
 * The first three /24 blocks take 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24 (RFC 5737); further and wider
 * blocks take room in 198.18.0.0/15 (RFC 2544, never routed on the Internet). Private, shared (100.64/10),
 * loopback, link-local, multicast and reserved addresses are kept as they are: they do not identify a network,
 * and their structure (Docker's 172.17/16, a cluster's 10.96/12) is what the reader needs to follow. The
 * documentation and benchmarking ranges themselves count as public, so a kept address can never collide with
 * a mapped one.
 */
import { parseIpv4, prefixMask } from "@nfx/model";

const KEPT: readonly [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.168.0.0", 16],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];
const KEPT_NETS = KEPT.map(([a, p]) => ({ net: parseIpv4(a)!, mask: prefixMask(p) }));
const DOC_24 = ["192.0.2.0", "198.51.100.0", "203.0.113.0"].map((a) => parseIpv4(a)!);
const OVERFLOW = { base: parseIpv4("198.18.0.0")!, prefix: 15 };
/** Prefixes wider than this are not an address of anyone's network (`-d 8.0.0.0/8`); they are kept. */
export const WIDEST_MAPPED = OVERFLOW.prefix;

export function isKeptAddress(addr: number): boolean {
  return KEPT_NETS.some((k) => (addr & k.mask) >>> 0 === k.net);
}

interface Block {
  readonly base: number;
  readonly prefix: number;
  target?: number;
}

export class AddressMap {
  /** Each distinct block once, in order of first appearance. */
  private readonly seen: Block[] = [];
  private readonly seenKeys = new Set<string>();
  private blocks: Block[] | null = null;
  private doc = 0;
  private next = OVERFLOW.base;

  /** Notes an address (with the prefix it was written with); call for every occurrence before `map`. */
  observe(addr: number, prefix = 32): void {
    if (this.blocks) throw new Error("AddressMap: observe after map");
    if (isKeptAddress(addr) || prefix < WIDEST_MAPPED) return;
    const p = Math.min(prefix, 24);
    const base = (addr & prefixMask(p)) >>> 0;
    const key = `${base}/${p}`;
    if (this.seenKeys.has(key)) return;
    this.seenKeys.add(key);
    this.seen.push({ base, prefix: p });
  }

  /**
   * The address's image; kept addresses and too-wide prefixes come back unchanged. An address never observed
   * (a packet added later) gets a /24 block of its own after the observed ones.
   */
  map(addr: number, prefix = 32): number {
    if (isKeptAddress(addr) || prefix < WIDEST_MAPPED) return addr;
    const blocks = this.assigned();
    let block = blocks.find((b) => (addr & prefixMask(b.prefix)) >>> 0 === b.base);
    if (!block) {
      const p = Math.min(prefix, 24);
      block = this.place({ base: (addr & prefixMask(p)) >>> 0, prefix: p });
      blocks.push(block);
    }
    return (block.target! + (addr - block.base)) >>> 0;
  }

  private assigned(): Block[] {
    if (this.blocks) return this.blocks;
    // Widest first, so that a /24 inside a block the host also uses as a whole goes with it.
    const byWidth = [...this.seen].sort((a, b) => a.prefix - b.prefix);
    const top: Block[] = [];
    for (const b of byWidth) {
      if (top.some((t) => (b.base & prefixMask(t.prefix)) >>> 0 === t.base)) continue;
      top.push({ ...b });
    }
    // Targets in order of first appearance, so the same capture always gives the same images.
    const order = (b: Block) => this.seen.findIndex((s) => (s.base & prefixMask(b.prefix)) >>> 0 === b.base);
    top.sort((a, b) => order(a) - order(b));
    for (const b of top.filter((x) => x.prefix === 24)) if (this.doc < DOC_24.length) b.target = DOC_24[this.doc++];
    for (const b of top.filter((x) => x.target === undefined)) this.place(b);
    this.blocks = top;
    return top;
  }

  private place(b: Block): Block {
    if (b.prefix === 24 && this.doc < DOC_24.length) {
      b.target = DOC_24[this.doc++];
      return b;
    }
    const size = 2 ** (32 - b.prefix);
    const start = Math.ceil(this.next / size) * size;
    if (start + size > OVERFLOW.base + 2 ** (32 - OVERFLOW.prefix))
      throw new Error("too many public networks to redact into the documentation and benchmarking ranges");
    b.target = start;
    this.next = start + size;
    return b;
  }
}

/** Dotted quads in text, with an optional `/prefix`; not inside longer dotted or word tokens. */
export const IPV4_IN_TEXT = /(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?:\/(\d{1,2})(?![\w.]))?(?![\w.])/g;

/** Calls `visit` for each address in `text`; returns the text with each replaced by what `visit` returns. */
export function eachAddress(text: string, visit: (addr: number, prefix: number, raw: string) => string): string {
  return text.replace(IPV4_IN_TEXT, (raw: string, a: string, p: string | undefined) => {
    const addr = parseIpv4(a);
    const prefix = p === undefined ? 32 : Number(p);
    if (addr === null || prefix > 32) return raw;
    const image = visit(addr, prefix, raw);
    return p === undefined ? image : `${image}/${p}`;
  });
}
