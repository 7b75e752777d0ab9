import type { Atom, SetElement, Value } from "./model";

/**
 * nft merges the intervals of an anonymous interval set before it lists them: `{ 10.1.0.0/16, 10.2.0.0/16 }`
 * lists as `{ 10.1.0.0-10.2.255.255 }`; a merged interval that is a whole prefix lists as one. Only IPv4
 * addresses and plain numbers are merged; anything else is returned unchanged.
 */
export function mergeIntervals(elements: readonly SetElement[]): readonly SetElement[] {
  if (elements.some((e) => e.data !== null || e.comment !== null)) return elements;
  const spans: { lo: bigint; hi: bigint; ip: boolean }[] = [];
  for (const e of elements) {
    const s = bounds(e.key);
    if (!s) return elements;
    spans.push(s);
  }
  if (spans.length === 0 || spans.some((s) => s.ip !== spans[0]!.ip)) return elements;
  spans.sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0));
  const merged: { lo: bigint; hi: bigint }[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.lo <= last.hi + 1n) {
      if (s.hi > last.hi) last.hi = s.hi;
    } else merged.push({ lo: s.lo, hi: s.hi });
  }
  const ip = spans[0]!.ip;
  return merged.map((m) => ({ key: toValue(m.lo, m.hi, ip), data: null, comment: null }));
}

function atomNum(a: Atom): { n: bigint; ip: boolean } | null {
  if (a.kind === "number") return { n: BigInt(a.value), ip: false };
  if (a.kind === "ipv4") return { n: a.text.split(".").reduce((n, p) => n * 256n + BigInt(p), 0n), ip: true };
  return null;
}

function bounds(v: Value): { lo: bigint; hi: bigint; ip: boolean } | null {
  switch (v.kind) {
    case "atom": {
      const a = atomNum(v.atom);
      return a && { lo: a.n, hi: a.n, ip: a.ip };
    }
    case "range": {
      const a = atomNum(v.from);
      const b = atomNum(v.to);
      return a && b && a.ip === b.ip ? { lo: a.n, hi: b.n, ip: a.ip } : null;
    }
    case "prefix": {
      const a = atomNum(v.addr);
      if (!a?.ip) return null;
      const size = 1n << BigInt(32 - v.len);
      const lo = (a.n / size) * size;
      return { lo, hi: lo + size - 1n, ip: true };
    }
    default:
      return null;
  }
}

function ipText(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 255n)).join(".");
}

function toValue(lo: bigint, hi: bigint, ip: boolean): Value {
  const atom = (n: bigint): Atom => (ip ? { kind: "ipv4", text: ipText(n) } : { kind: "number", value: Number(n) });
  if (lo === hi) return { kind: "atom", atom: atom(lo) };
  if (ip) {
    const size = hi - lo + 1n;
    const len = 32 - (size.toString(2).length - 1);
    if ((size & (size - 1n)) === 0n && lo % size === 0n) return { kind: "prefix", addr: atom(lo), len };
  }
  return { kind: "range", from: atom(lo), to: atom(hi) };
}
