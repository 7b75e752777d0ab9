import { type Cursor, errorAt, unexpected } from "./cursor";
import type { CtDirKey, CtKey, Expr, FibFlag, FibResult, MetaKey, PayloadField } from "./model";
import { parseValue } from "./parse-value";

// Maps and sets, not object literals: a lookup by a token's text must neither find `constructor` on the prototype
// nor make V8 internalise every word it is asked about.
const PAYLOAD: ReadonlyMap<string, readonly string[]> = new Map([
  ["ip", ["saddr", "daddr", "protocol", "ttl", "length", "dscp", "id"]],
  ["ip6", ["saddr", "daddr", "nexthdr", "hoplimit"]],
  ["tcp", ["sport", "dport", "flags"]],
  ["udp", ["sport", "dport", "length"]],
  ["th", ["sport", "dport"]],
  ["icmp", ["type", "code"]],
  ["icmpv6", ["type", "code"]],
  ["ether", ["saddr", "daddr", "type"]],
]);
const META_KEYS: readonly MetaKey[] = [
  "l4proto",
  "nfproto",
  "iif",
  "oif",
  "iifname",
  "oifname",
  "iiftype",
  "oiftype",
  "mark",
  "pkttype",
  "protocol",
  "length",
  "skuid",
  "skgid",
];
/** Meta keys nft accepts and prints without `meta` in front. */
export const UNQUALIFIED_META: ReadonlySet<string> = new Set(["iif", "oif", "iifname", "oifname"]);
/** Meta keys nft also accepts without `meta` in its input (kube-proxy writes `mark set mark or 0x4000`). */
const INPUT_UNQUALIFIED_META: ReadonlySet<string> = new Set(["mark", "iiftype", "oiftype", "skuid", "skgid"]);
const BINOP_WORDS: ReadonlyMap<string, "&" | "|" | "^"> = new Map([
  ["and", "&"],
  ["or", "|"],
  ["xor", "^"],
]);
const CT_KEYS: readonly CtKey[] = ["state", "status", "mark", "direction", "zone", "expiration", "helper", "l3proto"];
const CT_DIR_KEYS: readonly CtDirKey[] = ["saddr", "daddr", "proto-src", "proto-dst", "protocol"];
const FIB_FLAGS: readonly FibFlag[] = ["saddr", "daddr", "mark", "iif", "oif"];
const FIB_RESULTS: readonly FibResult[] = ["oif", "oifname", "type"];

/** Words that begin an expression (the left side of a match, a map key). */
/**
 * Thrown where nft knows the word but this parser does not model it (`ip dscp`, `meta cpu`, `ct helper`): the
 * rule parser keeps the rest of the rule as an `unsupported` node instead of calling it a syntax error.
 */
export class NotModelled extends Error {}

export function startsExpr(c: Cursor): boolean {
  const t = c.peek();
  if (t.kind !== "word") return false;
  if (PAYLOAD.has(t.text)) return true;
  return (
    t.text === "meta" ||
    t.text === "ct" ||
    t.text === "fib" ||
    t.text === "numgen" ||
    t.text === "jhash" ||
    UNQUALIFIED_META.has(t.text) ||
    INPUT_UNQUALIFIED_META.has(t.text)
  );
}

/** An expression with concatenations and bitwise operators: `ip daddr . meta l4proto . th dport`, `meta mark & 0xff`. */
export function parseExpr(c: Cursor): Expr {
  const first = parseBinop(c);
  if (!c.at(".")) return first;
  const parts: Expr[] = [first];
  while (c.eat(".")) parts.push(parseBinop(c));
  return { kind: "concat", parts: parts.slice() }; // exact size: see parseRuleBody
}

function parseBinop(c: Cursor): Expr {
  let left = parsePrimary(c);
  for (;;) {
    const t = c.peek();
    const op =
      t.kind === "punct" && (t.text === "&" || t.text === "|" || t.text === "^")
        ? t.text
        : t.kind === "word"
          ? BINOP_WORDS.get(t.text)
          : undefined;
    if (op) {
      c.next();
      left = { kind: "binop", op, left, right: parseValue(c, true) };
    } else return left;
  }
}

function number(c: Cursor, what: string): number {
  const t = c.word(what);
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(t.text)) throw unexpected(t, `expecting ${what}`);
  return Number(t.text);
}

export function parsePrimary(c: Cursor): Expr {
  const t = c.next();
  if (t.kind !== "word") throw unexpected(t);
  const fields = PAYLOAD.get(t.text);
  if (fields) {
    const f = c.peek();
    if (f.kind === "word" && fields.includes(f.text)) {
      c.next();
      return { kind: "payload", proto: t.text, field: f.text } as Expr;
    }
    throw new NotModelled();
  }
  if (UNQUALIFIED_META.has(t.text) || INPUT_UNQUALIFIED_META.has(t.text))
    return { kind: "meta", key: t.text as MetaKey };
  switch (t.text) {
    case "meta": {
      const k = c.word("meta key");
      if (!(META_KEYS as readonly string[]).includes(k.text)) throw new NotModelled();
      return { kind: "meta", key: k.text as MetaKey };
    }
    case "ct": {
      const k = c.word("ct key");
      if (k.text === "original" || k.text === "reply") {
        const d = c.word("ct key");
        let key = d.text;
        let family: "ip" | "ip6" | null = null;
        // `ct original ip saddr` is the listing's spelling of `ct original saddr` in inet tables.
        if ((key === "ip" || key === "ip6") && (c.at("saddr") || c.at("daddr"))) {
          family = key;
          key = c.next().text;
        }
        if (!(CT_DIR_KEYS as readonly string[]).includes(key)) throw unexpected(d);
        return { kind: "ct-dir", dir: k.text, family, key: key as CtDirKey };
      }
      if (!(CT_KEYS as readonly string[]).includes(k.text)) throw new NotModelled();
      return { kind: "ct", key: k.text as CtKey };
    }
    case "fib": {
      const flags: FibFlag[] = [];
      do {
        const f = c.word("fib flag");
        if (!(FIB_FLAGS as readonly string[]).includes(f.text)) throw unexpected(f);
        flags.push(f.text as FibFlag);
      } while (c.eat("."));
      const r = c.word("fib result");
      if (!(FIB_RESULTS as readonly string[]).includes(r.text)) throw unexpected(r);
      return { kind: "fib", flags, result: r.text as FibResult };
    }
    case "numgen": {
      const m = c.word("inc or random");
      if (m.text !== "inc" && m.text !== "random") throw unexpected(m);
      c.expect("mod");
      const mod = number(c, "modulus");
      const offset = c.eat("offset") ? number(c, "offset") : 0;
      if (mod === 0) throw errorAt(t, "nft.numgen", "numgen modulus cannot be 0");
      return { kind: "numgen", mode: m.text, mod, offset };
    }
    case "jhash": {
      const of = parseExpr(c);
      c.expect("mod");
      const mod = number(c, "modulus");
      const seed = c.eat("seed") ? number(c, "seed") : null;
      const offset = c.eat("offset") ? number(c, "offset") : 0;
      return { kind: "jhash", of, mod, seed, offset };
    }
  }
  throw unexpected(t);
}

export type { PayloadField };
