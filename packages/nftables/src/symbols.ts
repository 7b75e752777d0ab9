import { ICMP_TYPES } from "./icmp-names";
import type { Atom, Value } from "./model";

/**
 * Numeric values of the symbols nft sorts by. nft lists a set's elements in key order (the kernel's order of
 * the values, not their names), so `{ echo-request, destination-unreachable }` lists as 3 before 8.
 */
const SYMBOL_VALUES: Record<string, number> = {
  // icmp types
  ...ICMP_TYPES,
  // icmpv6 types (all above 100, or the same small numbers as icmp's: never mixed in one set)
  "packet-too-big": 2,
  "mld-listener-query": 130,
  "mld-listener-report": 131,
  "nd-router-solicit": 133,
  "nd-router-advert": 134,
  "nd-neighbor-solicit": 135,
  "nd-neighbor-advert": 136,
  "nd-redirect": 137,
  // protocols
  icmp: 1,
  igmp: 2,
  tcp: 6,
  udp: 17,
  gre: 47,
  esp: 50,
  ah: 51,
  "ipv6-icmp": 58,
  sctp: 132,
  // packet types
  host: 0,
  broadcast: 1,
  multicast: 2,
  other: 3,
  // fib address types
  unicast: 1,
  local: 2,
  anycast: 4,
  blackhole: 6,
  unreachable: 7,
  prohibit: 8,
};

const ICMPV6_SMALL: Record<string, number> = {
  "destination-unreachable": 1,
  "time-exceeded": 3,
  "parameter-problem": 4,
  "echo-request": 128,
  "echo-reply": 129,
};

function atomKey(a: Atom, icmpv6: boolean): bigint | null {
  switch (a.kind) {
    case "number":
      return BigInt(a.value);
    case "ipv4":
      return a.text.split(".").reduce((n, p) => n * 256n + BigInt(p), 0n);
    case "ipv6":
      return ipv6Key(a.text);
    case "symbol": {
      const v = (icmpv6 ? ICMPV6_SMALL[a.name] : undefined) ?? SYMBOL_VALUES[a.name];
      return v === undefined ? null : BigInt(v);
    }
    case "string":
      return null;
  }
}

function ipv6Key(text: string): bigint | null {
  const [head, tail] = text.includes("::") ? text.split("::") : [text, null];
  const parse = (s: string | undefined | null): number[] => (s ? s.split(":").map((x) => Number.parseInt(x, 16)) : []);
  const h = parse(head);
  const t = parse(tail);
  if ([...h, ...t].some((x) => Number.isNaN(x))) return null;
  const groups = tail === null ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  return groups.reduce((n, g) => n * 65536n + BigInt(g), 0n);
}

/** The sort key of an element's key: a list of numbers (one per concatenated part), or null if unknown. */
export function elementSortKey(v: Value, icmpv6 = false): bigint[] | null {
  switch (v.kind) {
    case "atom": {
      const k = atomKey(v.atom, icmpv6);
      return k === null ? null : [k];
    }
    case "prefix": {
      const k = atomKey(v.addr, icmpv6);
      return k === null ? null : [k];
    }
    case "range": {
      const k = atomKey(v.from, icmpv6);
      return k === null ? null : [k];
    }
    case "concat": {
      const parts = v.parts.map((p) => elementSortKey(p, icmpv6));
      return parts.some((p) => p === null) ? null : parts.flatMap((p) => p!);
    }
    default:
      return null;
  }
}

/** Elements in nft's listing order when every key has a known value; the written order otherwise. */
export function sortedElements<T extends { readonly key: Value }>(
  elements: readonly T[],
  icmpv6 = false,
): readonly T[] {
  const keys = elements.map((e) => elementSortKey(e.key, icmpv6));
  if (keys.some((k) => k === null)) return elements;
  const idx = elements.map((_, i) => i);
  idx.sort((a, b) => {
    const ka = keys[a]!;
    const kb = keys[b]!;
    for (let i = 0; i < Math.min(ka.length, kb.length); i++) if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
    return a - b;
  });
  return idx.map((i) => elements[i]!);
}
