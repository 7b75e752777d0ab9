import type { Chain, Expr, NamedSet, Ruleset, Statement, Table, Value } from "./model";
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
  if (s.flags.length) out += `\t\tflags ${s.flags.join(",")}\n`;
  if (s.timeout !== null) out += `\t\ttimeout ${s.timeout}\n`;
  if (s.comment !== null) out += `\t\tcomment ${JSON.stringify(s.comment)}\n`;
  if (s.elements.length) {
    const keyType =
      s.key.kind === "typeof" && s.key.exprs.length === 1 ? valueTypeOf(s.key.exprs[0]!) : { type: "plain" as const };
    out += `\t\telements = { ${wrapElements(
      sortedElements(s.elements).map((e) => formatElement(e, keyType)),
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

function wrapElements(items: string[], every: number): string {
  let out = "";
  items.forEach((item, i) => {
    if (i > 0) out += i % every === 0 ? ",\n\t\t\t     " : ", ";
    out += item;
  });
  return out;
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
  for (const r of c.rules) {
    const parts = r.body.map(printStatement);
    if (r.comment !== null) parts.push(`comment ${JSON.stringify(r.comment)}`);
    out += `\t\t${parts.join(" ")}${handle(r.handle, o)}\n`;
  }
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

export function printStatement(s: Statement): string {
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
      if (s.level !== null) out += ` level ${s.level}`;
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
