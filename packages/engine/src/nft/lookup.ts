import type { Expr, SetElement, Value } from "@nfx/nftables";
import { atomValue, type NftValue } from "./symbols";

/** One element's key as the engine indexes it: an exact value, an inclusive range, or an interface wildcard. */
type Key =
  | { readonly kind: "exact"; readonly value: NftValue }
  | { readonly kind: "range"; readonly lo: number; readonly hi: number }
  | { readonly kind: "wildcard"; readonly stem: string }
  /** A concatenation with a range in some part (`flags interval` on `ip saddr . tcp dport`). */
  | { readonly kind: "parts"; readonly parts: readonly { readonly lo: number; readonly hi: number }[] };

/** The engine's key of a set element for `left`, or null when it cannot hold one (IPv6, unknown names). */
export function elementKey(left: Expr, v: Value): Key | null {
  switch (v.kind) {
    case "atom": {
      const x = atomValue(left, v.atom);
      if (x === null) return null;
      if (typeof x === "string" && x.endsWith("*")) return { kind: "wildcard", stem: x.slice(0, -1) };
      return { kind: "exact", value: x };
    }
    case "prefix": {
      const r = prefixRange(left, v);
      return r && { kind: "range", ...r };
    }
    case "range": {
      const lo = atomValue(left, v.from);
      const hi = atomValue(left, v.to);
      if (typeof lo !== "number" || typeof hi !== "number") return null;
      return { kind: "range", lo, hi };
    }
    case "flags":
      return null;
    case "concat": {
      const parts = left.kind === "concat" ? left.parts : null;
      if (!parts || parts.length !== v.parts.length) return null;
      const keys = v.parts.map((p, i) => elementKey(parts[i]!, p));
      if (keys.some((k) => k === null || k.kind === "wildcard" || k.kind === "parts")) return null;
      const ks = keys as Extract<Key, { kind: "exact" | "range" }>[];
      if (ks.every((k) => k.kind === "exact")) return { kind: "exact", value: ks.map((k) => k.value).join(".") };
      const ranges = ks.map((k) =>
        k.kind === "range" ? { lo: k.lo, hi: k.hi } : { lo: Number(k.value), hi: Number(k.value) },
      );
      return { kind: "parts", parts: ranges };
    }
    default:
      return null;
  }
}

/** `10.0.0.0/28` as the inclusive range nft's interval set holds (both ends included, N13). */
export function prefixRange(left: Expr, v: Extract<Value, { kind: "prefix" }>): { lo: number; hi: number } | null {
  const a = atomValue(left, v.addr);
  if (typeof a !== "number" || v.len > 32) return null;
  const mask = v.len === 0 ? 0 : (0xffffffff << (32 - v.len)) >>> 0;
  const lo = (a & mask) >>> 0;
  return { lo, hi: (lo | (~mask >>> 0)) >>> 0 };
}

/**
 * A set or map, indexed as the kernel's set backends are (hash for exact keys, a sorted interval array for
 * ranges and prefixes), so a lookup costs the same with 50 or 5,000 elements. `D` is what an element carries:
 * true for a set, a value or a verdict for a map.
 */
export class Lookup<D> {
  private readonly exact = new Map<NftValue, D>();
  // The other indexes exist only when an element needs them: most sets hold exact values only.
  /** Disjoint ranges sorted by `lo`, searched by bisection. */
  private ranges: { lo: number; hi: number; data: D }[] | null = null;
  private wildcards: { stem: string; data: D }[] | null = null;
  private tuples: { parts: readonly { lo: number; hi: number }[]; data: D }[] | null = null;
  /** Elements the engine could not index, so the caller can warn once. */
  readonly skipped: number;

  constructor(left: Expr, elements: readonly SetElement[], data: (e: SetElement) => D | null) {
    let skipped = 0;
    for (const e of elements) {
      const key = elementKey(left, e.key);
      const d = data(e);
      if (!key || d === null) {
        skipped += 1;
        continue;
      }
      switch (key.kind) {
        case "exact":
          if (!this.exact.has(key.value)) this.exact.set(key.value, d);
          break;
        case "range":
          this.ranges ??= [];
          this.ranges.push({ lo: key.lo, hi: key.hi, data: d });
          break;
        case "wildcard":
          this.wildcards ??= [];
          this.wildcards.push({ stem: key.stem, data: d });
          break;
        case "parts":
          this.tuples ??= [];
          this.tuples.push({ parts: key.parts, data: d });
          break;
      }
    }
    this.ranges?.sort((a, b) => a.lo - b.lo);
    this.skipped = skipped;
  }

  get size(): number {
    return this.exact.size + (this.ranges?.length ?? 0) + (this.wildcards?.length ?? 0) + (this.tuples?.length ?? 0);
  }

  get(v: NftValue): D | undefined {
    const hit = this.exact.get(v);
    if (hit !== undefined) return hit;
    if (typeof v === "number") return this.ranges ? this.inRange(this.ranges, v) : undefined;
    if (this.wildcards) for (const w of this.wildcards) if (v.startsWith(w.stem)) return w.data;
    return this.tuples ? this.inTuple(this.tuples, v) : undefined;
  }

  private inRange(r: readonly { lo: number; hi: number; data: D }[], v: number): D | undefined {
    let lo = 0;
    let hi = r.length - 1;
    // The last range starting at or below v.
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (r[mid]!.lo <= v) lo = mid;
      else hi = mid - 1;
    }
    const c = r[lo]!;
    return c.lo <= v && v <= c.hi ? c.data : undefined;
  }

  /** Concatenations with ranges: rare and small in practice (interval concatenations), so scanned. */
  private inTuple(
    tuples: readonly { parts: readonly { lo: number; hi: number }[]; data: D }[],
    v: string,
  ): D | undefined {
    const parts = v.split(".").map(Number);
    for (const t of tuples) {
      if (t.parts.length !== parts.length) continue;
      if (t.parts.every((p, i) => p.lo <= parts[i]! && parts[i]! <= p.hi)) return t.data;
    }
    return undefined;
  }
}
