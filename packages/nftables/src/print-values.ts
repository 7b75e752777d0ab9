import { ICMP_CODE_NAMES } from "./icmp-names";
import { mergeIntervals } from "./intervals";
import type { Atom, Expr, SetElement, SetValue, Value, Verdict } from "./model";
import { UNQUALIFIED_META } from "./parse-expr";
import { sortedElements } from "./symbols";
import { isVerdict } from "./walk";

/** The order nft prints the bits of a bitmask type in (their bit values, lowest first). */
const BIT_ORDER: Record<string, readonly string[]> = {
  "ct state": ["invalid", "established", "related", "new", "untracked"],
  "ct status": ["expected", "seen-reply", "assured", "confirmed", "snat", "dnat", "dying"],
  "tcp flags": ["fin", "syn", "rst", "psh", "ack", "urg", "ecn", "cwr"],
};

/** How a value is printed depends on what it is compared with: marks are hex, bitmasks ordered. */
export type ValueType = "mark" | "bits" | "plain";

export interface ValueFormat {
  readonly type: ValueType;
  readonly order?: readonly string[];
  /** icmpv6 type names have other values than icmp's, which changes their sort order. */
  readonly icmpv6?: boolean;
  /** Keys of at most 16 bits: nft stores the set as a bitmap, so it lists elements in value order. */
  readonly small?: boolean;
  /** Numbers nft lists by name (`icmp code 0` is `net-unreachable`). */
  readonly names?: Readonly<Record<number, string>>;
}

const SMALL_PAYLOAD = new Set(["sport", "dport", "type", "code", "protocol", "ttl", "length", "nexthdr", "hoplimit"]);

export function valueTypeOf(e: Expr): ValueFormat {
  switch (e.kind) {
    case "meta":
      if (e.key === "mark") return { type: "mark" };
      return { type: "plain", small: e.key === "l4proto" || e.key === "nfproto" || e.key === "pkttype" };
    case "ct":
      if (e.key === "mark") return { type: "mark" };
      if (e.key === "state" || e.key === "status") return { type: "bits", order: BIT_ORDER[`ct ${e.key}`]! };
      return { type: "plain" };
    case "payload":
      if (e.proto === "tcp" && e.field === "flags") return { type: "bits", order: BIT_ORDER["tcp flags"]! };
      return {
        type: "plain",
        icmpv6: e.proto === "icmpv6",
        small: SMALL_PAYLOAD.has(e.field) && !(e.proto === "ip" && e.field === "length"),
        ...(e.proto === "icmp" && e.field === "code" ? { names: ICMP_CODE_NAMES } : {}),
      };
    case "binop":
      return valueTypeOf(e.left);
    default:
      return { type: "plain" };
  }
}

export function formatAtom(a: Atom, t: ValueType, names?: Readonly<Record<number, string>>): string {
  switch (a.kind) {
    case "number":
      return t === "mark" ? `0x${a.value.toString(16).padStart(8, "0")}` : (names?.[a.value] ?? String(a.value));
    case "symbol":
      return a.name;
    case "string":
      return JSON.stringify(a.value);
    case "ipv4":
    case "ipv6":
      return a.text;
  }
}

export function formatValue(v: Value, t: ValueFormat): string {
  switch (v.kind) {
    case "atom":
      return formatAtom(v.atom, t.type, t.names);
    case "prefix":
      return `${formatAtom(v.addr, t.type)}/${v.len}`;
    case "range":
      return `${formatAtom(v.from, t.type)}-${formatAtom(v.to, t.type)}`;
    case "flags": {
      const order = t.order;
      const names = order ? [...v.names].sort((a, b) => order.indexOf(a) - order.indexOf(b)) : v.names;
      return names.join(",");
    }
    case "concat":
      return v.parts.map((p) => formatValue(p, { type: "plain" })).join(" . ");
    case "set":
    case "set-ref":
      return formatSet(v, t);
  }
}

export function formatSet(v: SetValue, t: ValueFormat = { type: "plain" }): string {
  if (v.kind === "set-ref") return `@${v.name}`;
  const interval = v.elements.some((e) => e.key.kind === "prefix" || e.key.kind === "range");
  const elements = interval ? mergeIntervals(v.elements) : t.small ? sortedElements(v.elements, t.icmpv6) : v.elements;
  return `{ ${elements.map((e) => formatElement(e, t)).join(", ")} }`;
}

export function formatElement(e: SetElement, t: ValueFormat, data: ValueFormat = { type: "plain" }): string {
  let s = formatValue(e.key, t);
  if (e.comment !== null) s += ` comment ${JSON.stringify(e.comment)}`;
  if (e.data) s += ` : ${isVerdict(e.data) ? formatVerdict(e.data) : formatValue(e.data, data)}`;
  return s;
}

export function formatVerdict(v: Verdict): string {
  switch (v.kind) {
    case "accept":
    case "drop":
    case "continue":
    case "return":
      return v.kind;
    case "jump":
    case "goto":
      return `${v.kind} ${v.chain}`;
    case "queue": {
      let s = "queue";
      if (v.flags.length) s += ` flags ${v.flags.join(",")}`;
      if (v.num !== null) s += ` to ${v.num}`;
      return s;
    }
  }
}

export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case "payload":
      return `${e.proto} ${e.field}`;
    case "meta":
      return UNQUALIFIED_META.has(e.key) ? e.key : `meta ${e.key}`;
    case "ct":
      return `ct ${e.key}`;
    case "ct-dir":
      return `ct ${e.dir}${e.family ? ` ${e.family}` : ""} ${e.key}`;
    case "fib":
      return `fib ${e.flags.join(" . ")} ${e.result}`;
    case "numgen":
      return `numgen ${e.mode} mod ${e.mod}${e.offset ? ` offset ${e.offset}` : ""}`;
    case "jhash":
      return `jhash ${formatExpr(e.of)} mod ${e.mod}${e.seed !== null ? ` seed 0x${e.seed.toString(16)}` : ""}${e.offset ? ` offset ${e.offset}` : ""}`;
    case "concat":
      return e.parts.map(formatExpr).join(" . ");
    case "binop":
      return `${formatExpr(e.left)} ${e.op} ${formatValue(e.right, valueTypeOf(e.left))}`;
    case "map":
      return `${formatExpr(e.key)} map ${formatSet(e.map)}`;
  }
}
