import type { Chain, Expr, Family, NamedSet, Rule, Ruleset, Statement, Table, Value } from "./model";
import {
  formatAtom,
  formatElement,
  formatExpr,
  formatSet,
  formatValue,
  formatVerdict,
  valueTypeOf,
} from "./print-values";
import { formatPriority, priorityForValue } from "./priority";
import { sortedElements } from "./symbols";
import { formatTime } from "./time";

export interface PrintOptions {
  /** Print `# handle N` as `nft -a list ruleset` does. */
  readonly handles?: boolean;
}

/** The ruleset as `nft list ruleset` prints it: tabs, sets before chains, named priorities, normalised values. */
export function printNft(ruleset: Ruleset, options: PrintOptions = {}): string {
  return ruleset.tables.map((t) => printTable(t, options)).join("");
}

const handle = (h: number | null, o: PrintOptions) => (o.handles && h !== null ? ` # handle ${h}` : "");

function printTable(t: Table, o: PrintOptions): string {
  const blocks: string[] = [];
  for (const s of t.sets) blocks.push(printSet(s, o));
  for (const c of t.chains) blocks.push(printChain(t, c, o));
  let out = `table ${t.family} ${t.name} {${handle(t.handle, o)}\n`;
  if (t.comment !== null) out += `\tcomment ${JSON.stringify(t.comment)}\n`;
  out += blocks.join("\n");
  return `${out}}\n`;
}

function printSet(s: NamedSet, o: PrintOptions): string {
  let out = `\t${s.isMap ? "map" : "set"} ${s.name} {${handle(s.handle, o)}\n`;
  const key = s.key.kind === "type" ? s.key.types.join(" . ") : `typeof ${s.key.exprs.map(formatExpr).join(" . ")}`;
  const data = s.dataType !== null ? ` : ${s.dataType}` : "";
  out += s.key.kind === "type" ? `\t\ttype ${key}${data}\n` : `\t\t${key}${data}\n`;
  if (s.policy !== null) out += `\t\tpolicy ${s.policy}\n`;
  if (s.size !== null) out += `\t\tsize ${s.size}\n`;
  // A set with a default timeout lists without `flags timeout`: the timeout line says it.
  const flags = s.timeout !== null ? s.flags.filter((f) => f !== "timeout") : s.flags;
  if (flags.length) out += `\t\tflags ${flags.join(",")}\n`;
  if (s.timeout !== null) out += `\t\ttimeout ${formatTime(s.timeout)}\n`;
  if (s.comment !== null) out += `\t\tcomment ${JSON.stringify(s.comment)}\n`;
  if (s.elements.length) {
    const keyType =
      s.key.kind === "typeof" && s.key.exprs.length === 1 ? valueTypeOf(s.key.exprs[0]!) : { type: "plain" as const };
    out += `\t\telements = { ${wrapElements(
      namedSetOrder(s).map((e) =>
        formatElement(e, keyType, s.dataType === "mark" ? { type: "mark" } : { type: "plain" }),
      ),
      wrapEvery(s),
    )} }\n`;
  }
  return `${out}\t}\n`;
}

/**
 * How many elements nft prints on one line of a named set (calculate_delim in src/expression.c): 5 of the
 * small integer types, 2 of IPv4 addresses, ct states and packet types, 1 of anything else (IPv6, names,
 * concatenations).
 */
const FIVE_PER_LINE = new Set([
  "integer",
  "inet_service",
  "inet_proto",
  "mark",
  "nf_proto",
  "tcp_flag",
  "iface_index",
  "classid",
  "uid",
  "gid",
  "ct_dir",
  "arp_op",
  "dccp_pkttype",
]);
const TWO_PER_LINE = new Set(["ipv4_addr", "ct_state", "ct_status", "pkttype"]);

function wrapEvery(s: NamedSet): number {
  if (s.key.kind === "typeof") {
    const e = s.key.exprs;
    if (e.length !== 1) return 1;
    const x = e[0]!;
    if (x.kind === "payload" && x.proto === "ip" && (x.field === "saddr" || x.field === "daddr")) return 2;
    if (x.kind === "payload" && (x.field === "sport" || x.field === "dport")) return 5;
    if (x.kind === "meta" && (x.key === "mark" || x.key === "l4proto" || x.key === "iif" || x.key === "oif")) return 5;
    if (x.kind === "ct" && x.key === "mark") return 5;
    if (x.kind === "ct" && (x.key === "state" || x.key === "status")) return 2;
    return 1;
  }
  if (s.key.types.length !== 1) return 1;
  const t = s.key.types[0]!;
  return FIVE_PER_LINE.has(t) ? 5 : TWO_PER_LINE.has(t) ? 2 : 1;
}

/** Interval sets (rbtree) and small keys (bitmap) list in value order; hashed sets as the kernel keeps them. */
function namedSetOrder(s: NamedSet): readonly NamedSet["elements"][number][] {
  const small = s.key.kind === "type" && s.key.types.length === 1 && SMALL_TYPES.has(s.key.types[0]!);
  return s.flags.includes("interval") || small ? sortedElements(s.elements) : s.elements;
}
const SMALL_TYPES = new Set([
  "inet_service",
  "inet_proto",
  "nf_proto",
  "icmp_type",
  "icmp_code",
  "icmpv6_type",
  "pkttype",
  "ct_dir",
]);

function wrapElements(items: string[], every: number): string {
  let out = "";
  items.forEach((item, i) => {
    if (i > 0) out += i % every === 0 ? ",\n\t\t\t     " : ", ";
    out += item;
  });
  return out;
}

/** One rule as `nft list ruleset` prints it inside its chain (no indentation, no handle). */
export function printRule(r: Rule, family: Family): string {
  const parts = listedStatements(r.body, family).map((st) => printStatement(st, family));
  if (r.comment !== null) parts.push(`comment ${JSON.stringify(r.comment)}`);
  return parts.join(" ");
}

function printChain(t: Table, c: Chain, o: PrintOptions): string {
  let out = `\tchain ${c.name} {${handle(c.handle, o)}\n`;
  if (c.comment !== null) out += `\t\tcomment ${JSON.stringify(c.comment)}\n`;
  if (c.base) {
    const b = c.base;
    const dev =
      b.devices.length === 1
        ? ` device ${JSON.stringify(b.devices[0])}`
        : b.devices.length > 1
          ? ` devices = { ${b.devices.map((d) => JSON.stringify(d)).join(", ")} }`
          : "";
    const prio = formatPriority(priorityForValue(b.priority.value, t.family, b.hook));
    out += `\t\ttype ${b.type} hook ${b.hook}${dev} priority ${prio}; policy ${b.policy};\n`;
  }
  for (const r of c.rules) out += `\t\t${printRule(r, t.family)}${handle(r.handle, o)}\n`;
  return `${out}\t}\n`;
}

const isValueNode = (v: Value | Expr): v is Value =>
  v.kind === "atom" ||
  v.kind === "prefix" ||
  v.kind === "range" ||
  v.kind === "flags" ||
  v.kind === "set" ||
  v.kind === "set-ref" ||
  (v.kind === "concat" && v.parts.length > 0 && isValueNode(v.parts[0] as Value | Expr));

function printOperand(v: Value | Expr, target: Expr | null): string {
  if (isValueNode(v)) return formatValue(v, target ? valueTypeOf(target) : { type: "plain" });
  return formatExpr(v);
}

/**
 * The statements nft lists: a protocol match that only states what the next match implies (`ip protocol tcp
 * tcp dport 22`, `meta nfproto ipv4` before `reject with icmp`) is a dependency nft removes when it lists.
 */
function listedStatements(body: readonly Statement[], family: Family): Statement[] {
  return body.filter((s, i) => !isImpliedDependency(s, body[i + 1], body.slice(i + 1), family));
}

const L4_PAYLOAD: Record<string, string> = { tcp: "tcp", udp: "udp", icmp: "icmp", "ipv6-icmp": "icmpv6" };

function isImpliedDependency(
  s: Statement,
  next: Statement | undefined,
  rest: readonly Statement[],
  family: Family,
): boolean {
  if (!next || s.kind !== "match" || s.op !== "==" || s.right.kind !== "atom" || s.right.atom.kind !== "symbol")
    return false;
  const sym = s.right.atom.name;
  const l = s.left;
  const isL4 =
    (l.kind === "meta" && l.key === "l4proto") ||
    (l.kind === "payload" && l.proto === "ip" && l.field === "protocol") ||
    (l.kind === "payload" && l.proto === "ip6" && l.field === "nexthdr");
  if (isL4) return next.kind === "match" && next.left.kind === "payload" && next.left.proto === L4_PAYLOAD[sym];
  if (l.kind === "meta" && l.key === "nfproto" && family === "inet") {
    const ip = sym === "ipv4" ? "ip" : sym === "ipv6" ? "ip6" : null;
    if (next.kind === "match" && next.left.kind === "payload" && next.left.proto === ip) return true;
    // reject's own dependency is found wherever the reject is in the rule.
    const icmp = ip === "ip" ? "icmp" : "icmpv6";
    return rest.some((r) => r.kind === "reject" && r.with.kind === "icmp" && r.with.family === icmp);
  }
  return false;
}

export function printStatement(s: Statement, family: Family = "inet"): string {
  switch (s.kind) {
    case "match": {
      const t = valueTypeOf(s.left);
      if (s.left.kind === "binop" && s.left.op === "&" && t.type === "bits") {
        // nft lists `tcp flags & (syn|ack) == syn` as `tcp flags syn / syn,ack`.
        const op = s.op === "==" ? "" : `${s.op} `;
        return `${formatExpr(s.left.left)} ${op}${formatValue(s.right, t)} / ${formatValue(s.left.right, t)}`;
      }
      // A masked value says its `==` (`meta mark & 0xff == 0x1`); a plain one leaves it implicit.
      const op = (s.op === "==" && s.left.kind !== "binop") || s.op === "in" ? "" : ` ${s.op}`;
      return `${formatExpr(s.left)}${op} ${formatValue(s.right, t)}`;
    }
    case "verdict":
      return formatVerdict(s.verdict);
    case "vmap":
      return `${formatExpr(s.key)} vmap ${formatSet(s.map)}`;
    case "counter":
      return `counter packets ${s.packets} bytes ${s.bytes}`;
    case "log": {
      let out = "log";
      if (s.prefix !== null) out += ` prefix ${JSON.stringify(s.prefix)}`;
      if (s.level !== null && s.level !== "warn") out += ` level ${s.level}`;
      if (s.group !== null) out += ` group ${s.group}`;
      return out;
    }
    case "limit": {
      let out = `limit rate ${s.over ? "over " : ""}${s.rate}${s.bytes ? ` ${s.bytes}` : ""}/${s.unit}`;
      if (s.burst !== null && !(s.burst === 5 && s.burstBytes === null && s.bytes === null)) {
        out += ` burst ${s.burst} ${s.burstBytes ?? "packets"}`;
      }
      return out;
    }
    case "quota":
      return `quota ${s.over ? "over " : ""}${s.amount} ${s.unit}${s.used !== null ? ` used ${s.used} ${s.usedUnit}` : ""}`;
    case "set-field":
      return `${s.target.kind} ${s.target.key} set ${printOperand(s.value, s.target)}`;
    case "notrack":
      return "notrack";
    case "reject":
      switch (s.with.kind) {
        case "default":
          return "reject";
        case "tcp-reset":
          return "reject with tcp reset";
        case "icmp":
          // The default reject of the family is listed as a bare `reject`.
          if (
            s.with.type === "port-unreachable" &&
            (s.with.family === "icmpx" || (s.with.family === "icmp" && family === "ip"))
          ) {
            return "reject";
          }
          return `reject with ${s.with.family} ${s.with.type}`;
      }
      break;
    case "nat": {
      let out = s.nat;
      if (s.family) out += ` ${s.family}`;
      if (s.addr || s.port) out += " to";
      if (s.addr) out += ` ${printOperand(s.addr, null)}`;
      if (s.port) out += `${s.addr ? "" : " "}:${printOperand(s.port, null)}`;
      if (s.flags.length) out += ` ${s.flags.join(",")}`;
      return out;
    }
    case "unsupported":
      return s.text;
  }
  return "";
}

export { formatAtom };
