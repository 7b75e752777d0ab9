import { typeProblem } from "./check";
import { coerceValue } from "./coerce";
import { type Cursor, unexpected } from "./cursor";
import { NftError } from "./diagnostics";
import { spanFrom, type Token } from "./lexer";
import type { Expr, RejectWith, RelOp, SetValue, Span, Statement, Value, Verdict } from "./model";
import { NotModelled, parseExpr, startsExpr } from "./parse-expr";
import { parseSetLiteral, parseValue, wordValue } from "./parse-value";

/** Statement and expression keywords of nft that this parser keeps as `unsupported` rather than refusing. */
const NFT_KEYWORDS: ReadonlySet<string> = new Set([
  "ip",
  "ip6",
  "tcp",
  "udp",
  "th",
  "icmp",
  "icmpv6",
  "ether",
  "meta",
  "ct",
  "fib",
  "numgen",
  "jhash",
  "dup",
  "fwd",
  "tproxy",
  "synproxy",
  "meter",
  "osf",
  "socket",
  "rt",
  "exthdr",
  "ipsec",
  "xt",
  "secmark",
  "flow",
  "add",
  "update",
  "delete",
  "vlan",
  "arp",
  "sctp",
  "dccp",
  "ah",
  "esp",
  "comp",
  "udplite",
  "frag",
  "hbh",
  "mh",
  "srh",
  "rt0",
  "rt2",
  "igmp",
  "gre",
  "geneve",
  "vxlan",
  "symhash",
  "hash",
  "last",
  "inner",
  "cgroupv2",
  "iiftype",
  "oiftype",
  "iifgroup",
  "oifgroup",
  "cpu",
  "priority",
  "nftrace",
  "skuid",
  "skgid",
  "rtclassid",
  "ibriport",
  "obriport",
  "ibrname",
  "obrname",
  "sdif",
  "sdifname",
  "time",
  "day",
  "hour",
  "cluster",
  "random",
  "set",
  "map",
  "vmap",
  "ct",
  "dst",
  "sctp",
  "ipip",
  "dnat",
  "snat",
]);

const REL_OPS = new Set(["==", "!=", "<", ">", "<=", ">="]);
const KEYWORD_OPS: ReadonlyMap<string, RelOp> = new Map([
  ["eq", "=="],
  ["ne", "!="],
  ["lt", "<"],
  ["gt", ">"],
  ["le", "<="],
  ["ge", ">="],
]);
/** Expressions whose bare value is a bit test, not equality (nft's implicit operator). */
const BITMASK = (e: Expr): boolean =>
  (e.kind === "ct" && (e.key === "state" || e.key === "status")) ||
  (e.kind === "payload" && e.proto === "tcp" && e.field === "flags");

export interface ParsedRule {
  readonly body: Statement[];
  readonly comment: string | null;
}

/** Parses one rule's tokens (without its terminator). Unknown statements become located `unsupported` nodes. */
export function parseRuleBody(c: Cursor, onUnsupported: (s: Span, text: string) => void): ParsedRule {
  const body: Statement[] = [];
  let comment: string | null = null;
  while (!c.atEnd()) {
    if (c.at("comment")) {
      c.next();
      comment = c.word("comment").text;
      continue;
    }
    const start = c.peek();
    const before = c.i;
    let s: Statement | null = null;
    try {
      s = parseStatement(c, start);
    } catch (e) {
      if (!(e instanceof NotModelled)) throw e;
    }
    if (s) {
      body.push(s);
      continue;
    }
    if (start.kind !== "word" || !NFT_KEYWORDS.has(start.text)) {
      // A word nft does not know either: nft's parser stops at the token after it.
      throw unexpected(c.tokenAt(before + 1) ?? start);
    }
    // Not a statement we model: keep the rest of the rule verbatim, so nothing the user wrote is lost.
    c.i = before;
    const toks: Token[] = [];
    while (!c.atEnd()) toks.push(c.next());
    const last = toks[toks.length - 1]!;
    const text = toks.map((t) => (t.kind === "string" ? JSON.stringify(t.text) : t.text)).join(" ");
    const span = spanFrom(start, last);
    onUnsupported(span, text);
    body.push({ kind: "unsupported", text, span });
  }
  // An exact-size copy: a list grown by push keeps 16 slots, and a model of 40,000 rules keeps every list.
  return { body: body.slice(), comment };
}

function spanTo(c: Cursor, start: Token): Span {
  return spanFrom(start, c.tokenAt(Math.max(0, c.i - 1))!);
}

export function parseVerdict(c: Cursor): Verdict | null {
  const t = c.peek();
  switch (t.text) {
    case "accept":
    case "drop":
    case "continue":
    case "return":
      c.next();
      return { kind: t.text };
    case "jump":
    case "goto": {
      c.next();
      const name = c.word("chain name");
      c.refs.push({ kind: "chain", name: name.text, span: spanFrom(name, name) });
      return { kind: t.text, chain: name.text };
    }
    case "queue": {
      c.next();
      let num: number | null = null;
      const flags: string[] = [];
      for (;;) {
        if (c.eat("num") || c.eat("to")) num = Number(c.word("queue number").text);
        else if (c.at("bypass") || c.at("fanout")) flags.push(c.next().text);
        else if (c.eat("flags")) {
          flags.push(c.word("flag").text);
          while (c.eat(",")) flags.push(c.word("flag").text);
        } else break;
      }
      return { kind: "queue", num, flags };
    }
  }
  return null;
}

function parseStatement(c: Cursor, start: Token): Statement | null {
  if (start.kind !== "word") return null;
  const v = parseVerdict(c);
  if (v) return { kind: "verdict", verdict: v, span: spanTo(c, start) };
  switch (start.text) {
    case "counter": {
      c.next();
      let packets = 0;
      let bytes = 0;
      if (c.eat("packets")) packets = Number(c.word("packets").text);
      if (c.eat("bytes")) bytes = Number(c.word("bytes").text);
      return { kind: "counter", packets, bytes, span: spanTo(c, start) };
    }
    case "notrack":
      c.next();
      return { kind: "notrack", span: spanTo(c, start) };
    case "log": {
      c.next();
      let prefix: string | null = null;
      let level: string | null = null;
      let group: number | null = null;
      for (;;) {
        if (c.eat("prefix")) prefix = c.word("prefix").text;
        else if (c.eat("level")) level = c.word("level").text;
        else if (c.eat("group")) group = Number(c.word("group").text);
        else break;
      }
      return { kind: "log", prefix, level, group, span: spanTo(c, start) };
    }
    case "limit":
      return parseLimit(c, start);
    case "quota":
      return parseQuota(c, start);
    case "reject":
      return parseReject(c, start);
    case "dnat":
    case "snat":
    case "masquerade":
    case "redirect":
      return parseNat(c, start);
  }
  if (!startsExpr(c)) return null;
  const left = parseExpr(c);
  if (c.eat("set")) {
    const target =
      left.kind === "meta" && left.key === "mark"
        ? ({ kind: "meta", key: "mark" } as const)
        : left.kind === "ct" && (left.key === "mark" || left.key === "zone")
          ? ({ kind: "ct", key: left.key } as const)
          : null;
    if (!target) throw new NotModelled();
    const value = startsExpr(c) ? parseExprOrMap(c) : parseValue(c);
    return { kind: "set-field", target, value, span: spanTo(c, start) };
  }
  if (c.eat("vmap")) {
    const map = parseMapOperand(c, true);
    return { kind: "vmap", key: left, map, span: spanTo(c, start) };
  }
  let op: RelOp | null = null;
  const t = c.peek();
  if (t.kind === "punct" && REL_OPS.has(t.text)) op = c.next().text as RelOp;
  else if (t.kind === "word" && KEYWORD_OPS.has(t.text)) op = KEYWORD_OPS.get(c.next().text)!;
  const opTok = c.peek();
  if (c.atEnd()) throw unexpected(opTok);
  let right: Value = parseValue(c);
  let lhs = left;
  if (c.at("/") && op === null) {
    // `tcp flags syn / syn,ack`: the listing's way of writing `tcp flags & (syn|ack) == syn`.
    c.next();
    const mask = parseValue(c);
    lhs = { kind: "binop", op: "&", left, right: mask };
    op = "==";
  }
  if (op === null) op = BITMASK(lhs) && right.kind !== "set" && right.kind !== "set-ref" ? "in" : "==";
  if (lhs.kind === "binop" && right.kind === "flags" && right.names.length === 1) {
    right = wordValue({ ...opTok, text: right.names[0]! });
  }
  const problem = typeProblem(lhs, right);
  if (problem)
    throw new NftError("nft.type", problem.message, opTok.line, opTok.column, spanTo(c, opTok).endColumn, problem.hint);
  return { kind: "match", left: lhs, op, right: coerceValue(lhs, right), span: spanTo(c, start) };
}

/** `map { ... }` / `map @m` after a key expression, or `vmap`'s operand. */
function parseMapOperand(c: Cursor, verdicts: boolean): SetValue {
  if (c.at("@")) {
    const at = c.next();
    const name = c.word("set name");
    c.refs.push({ kind: "set", name: name.text, span: spanFrom(at, name) });
    return { kind: "set-ref", name: name.text };
  }
  if (!c.at("{")) throw unexpected(c.peek(), "expecting '{' or '@'");
  return parseSetLiteral(c, verdicts ? parseVerdict : null);
}

/** An expression, and if `map` follows, the lookup (`ip saddr map { ... }`). */
function parseExprOrMap(c: Cursor): Expr {
  const key = parseExpr(c);
  if (c.eat("map")) return { kind: "map", key, map: parseMapOperand(c, false) };
  return key;
}

function parseLimit(c: Cursor, start: Token): Statement {
  c.next();
  c.expect("rate");
  const over = c.eat("over");
  const rateTok = c.word("rate");
  let [amount, unit] = rateTok.text.split("/");
  let bytes: string | null = null;
  if (unit === undefined && c.peek().kind === "word") {
    // `limit rate 10 mbytes/second`
    const u = c.next().text.split("/");
    bytes = u[0] ?? null;
    unit = u[1];
  }
  const units = ["second", "minute", "hour", "day", "week"] as const;
  const u = units.find((x) => x === unit);
  if (!u || !/^\d+$/.test(amount ?? "")) throw unexpected(rateTok, "expecting rate/unit");
  let burst: number | null = null;
  let burstBytes: string | null = null;
  if (c.eat("burst")) {
    burst = Number(c.word("burst").text);
    if (c.eat("packets")) burstBytes = null;
    else if (c.peek().kind === "word" && /bytes$/.test(c.peek().text)) burstBytes = c.next().text;
  }
  return { kind: "limit", over, rate: Number(amount), unit: u, bytes, burst, burstBytes, span: spanTo(c, start) };
}

function parseQuota(c: Cursor, start: Token): Statement {
  c.next();
  const over = c.eat("over");
  const amount = Number(c.word("quota").text);
  const unit = c.word("unit").text;
  let used: number | null = null;
  let usedUnit: string | null = null;
  if (c.eat("used")) {
    used = Number(c.word("used").text);
    usedUnit = c.word("unit").text;
  }
  return { kind: "quota", over, amount, unit, used, usedUnit, span: spanTo(c, start) };
}

function parseReject(c: Cursor, start: Token): Statement {
  c.next();
  let w: RejectWith = { kind: "default" };
  if (c.eat("with")) {
    const f = c.word("tcp, icmp, icmpv6 or icmpx");
    if (f.text === "tcp") {
      c.expect("reset");
      w = { kind: "tcp-reset" };
    } else if (f.text === "icmp" || f.text === "icmpv6" || f.text === "icmpx") {
      c.eat("type");
      w = { kind: "icmp", family: f.text, type: c.word("reject type").text };
    } else throw unexpected(f);
  }
  return { kind: "reject", with: w, span: spanTo(c, start) };
}

const NAT_FLAGS = new Set(["random", "fully-random", "persistent", "netmap"]);

function parseNat(c: Cursor, start: Token): Statement {
  const nat = c.next().text as "dnat" | "snat" | "masquerade" | "redirect";
  let family: "ip" | "ip6" | null = null;
  if (c.at("ip") || c.at("ip6")) family = c.next().text as "ip" | "ip6";
  let addr: Value | Expr | null = null;
  let port: Value | Expr | null = null;
  if (c.eat("to")) {
    if (nat === "dnat" || nat === "snat") {
      if (startsExpr(c)) addr = parseExprOrMap(c);
      else {
        const t = c.peek();
        if (t.kind === "word" && /^[0-9.]+(-[0-9.]+)?:/.test(t.text)) {
          // `10.0.0.2:80`, `1.2.3.4-1.2.3.9:1000-2000`: the address and the port in one word.
          c.next();
          const colon = t.text.indexOf(":");
          addr = wordValue({ ...t, text: t.text.slice(0, colon) });
          port = wordValue({ ...t, text: t.text.slice(colon + 1) });
        } else addr = parseValue(c);
      }
    }
    if (!port && (c.at(":") || c.peek().text.startsWith(":"))) {
      const t = c.next();
      const rest = t.text === ":" ? c.word("port").text : t.text.slice(1);
      port = wordValue({ ...t, text: rest });
    }
  }
  const flags: string[] = [];
  while (c.peek().kind === "word" && NAT_FLAGS.has(c.peek().text)) {
    flags.push(c.next().text);
    while (c.eat(",")) flags.push(c.word("nat flag").text);
  }
  if ((nat === "dnat" || nat === "snat") && addr === null) throw unexpected(c.peek(), "expecting to");
  return { kind: "nat", nat, family, addr, port, flags, span: spanTo(c, start) };
}
