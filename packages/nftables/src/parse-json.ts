import { RulesetBuilder, type SetDraft } from "./builder";
import { checkRuleset } from "./check";
import { coerceValue } from "./coerce";
import type { Diagnostic } from "./diagnostics";
import {
  type Atom,
  type ChainType,
  type Expr,
  FAMILIES,
  type Family,
  type Hook,
  type RelOp,
  type SetElement,
  type SetFlag,
  type SetValue,
  type Span,
  type Statement,
  type Value,
  type Verdict,
} from "./model";
import type { ParseResult } from "./parse-text";
import { atomOf, wordValue } from "./parse-value";
import { priorityForValue } from "./priority";

type J = unknown;
const obj = (x: J): Record<string, J> | null =>
  x !== null && typeof x === "object" && !Array.isArray(x) ? (x as Record<string, J>) : null;
const str = (x: J): string | null => (typeof x === "string" ? x : null);
const num = (x: J): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

/** JSON has no lines: a node's span is the index of its object in the `nftables` array, as line 1. */
const spanAt = (i: number): Span => ({ line: 1, column: i + 1, endColumn: i + 2 });

class JsonProblem extends Error {}
const fail = (what: string): never => {
  throw new JsonProblem(what);
};

/**
 * Reads `nft -j list ruleset` into the same model as the text parser. Never throws: an object it cannot read is
 * a diagnostic naming its index in the `nftables` array; an expression it does not know is kept as `unsupported`.
 */
export function parseNftJson(text: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const builder = new RulesetBuilder();
  let doc: J;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    diagnostics.push({
      code: "nft.json",
      severity: "error",
      message: `not valid JSON: ${(e as Error).message}`,
      line: 1,
      column: 1,
    });
    return { ruleset: { tables: [] }, diagnostics };
  }
  const items = obj(doc)?.nftables;
  if (!Array.isArray(items)) {
    diagnostics.push({
      code: "nft.json",
      severity: "error",
      message: 'expected an object with an "nftables" array',
      line: 1,
      column: 1,
    });
    return { ruleset: { tables: [] }, diagnostics };
  }
  items.forEach((item, i) => {
    try {
      readItem(builder, item, i, diagnostics);
    } catch (e) {
      const message = e instanceof JsonProblem ? e.message : `internal error: ${(e as Error).message}`;
      diagnostics.push({
        code: "nft.json",
        severity: "error",
        message: `nftables[${i}]: ${message}`,
        line: 1,
        column: i + 1,
      });
    }
  });
  const ruleset = builder.build();
  diagnostics.push(...checkRuleset(ruleset));
  return { ruleset, diagnostics };
}

function family(x: J): Family {
  const f = str(x);
  return f && (FAMILIES as readonly string[]).includes(f) ? (f as Family) : fail(`unknown family ${JSON.stringify(x)}`);
}

function readItem(b: RulesetBuilder, item: J, i: number, diagnostics: Diagnostic[]): void {
  const o = obj(item) ?? fail("expected an object");
  const [kind, body] = Object.entries(o)[0] ?? fail("empty object");
  if (kind === "metainfo") return;
  const v = obj(body) ?? fail(`${kind}: expected an object`);
  const fam = family(v.family);
  if (kind === "table") {
    const t = b.table(fam, str(v.name) ?? fail("table without name"), spanAt(i));
    t.handle = num(v.handle);
    t.comment = str(v.comment);
    return;
  }
  const table = b.findTable(fam, str(v.table) ?? fail(`${kind} without table`)) ?? fail(`no table ${String(v.table)}`);
  switch (kind) {
    case "chain": {
      const ch = b.chain(table, str(v.name) ?? fail("chain without name"), spanAt(i));
      ch.handle = num(v.handle);
      ch.comment = str(v.comment);
      if (v.hook !== undefined) {
        const hook = str(v.hook) as Hook;
        const devs = Array.isArray(v.dev) ? v.dev.map(String) : typeof v.dev === "string" ? [v.dev] : [];
        ch.base = {
          type: (str(v.type) ?? "filter") as ChainType,
          hook,
          priority: priorityForValue(num(v.prio) ?? 0, fam, hook),
          policy: v.policy === "drop" ? "drop" : "accept",
          devices: devs,
        };
      }
      return;
    }
    case "set":
    case "map": {
      const name = str(v.name) ?? fail("set without name");
      const types = (Array.isArray(v.type) ? v.type : [v.type]).map((t) => str(t) ?? fail("set type"));
      const dataType =
        kind === "map"
          ? Array.isArray(v.map)
            ? v.map.map(String).join(" . ")
            : (str(v.map) ?? fail("map type"))
          : null;
      const isVerdictMap = dataType === "verdict";
      const s: SetDraft = {
        name,
        isMap: kind === "map",
        handle: num(v.handle),
        key: { kind: "type", types },
        dataType,
        flags: (Array.isArray(v.flags) ? v.flags : v.flags ? [v.flags] : []).map((f) => String(f) as SetFlag),
        timeout: num(v.timeout) !== null ? num(v.timeout)! * 1000 : null,
        size: num(v.size),
        policy: str(v.policy),
        comment: str(v.comment),
        elements: (Array.isArray(v.elem) ? v.elem : [])
          .map((e) => element(e, isVerdictMap, kind === "map"))
          .map((e) => (types.length === 1 && types[0] === "ifname" ? { ...e, key: asString(e.key) } : e)),
        span: spanAt(i),
      };
      table.sets.set(name, s);
      return;
    }
    case "rule": {
      const ch = table.chains.get(str(v.chain) ?? fail("rule without chain")) ?? fail(`no chain ${String(v.chain)}`);
      const span = spanAt(i);
      const body: Statement[] = (Array.isArray(v.expr) ? v.expr : []).map((e) => {
        const s = statement(e, span, fam);
        if (s.kind === "unsupported") {
          diagnostics.push({
            code: "nft.unsupported",
            severity: "warning",
            message: `not simulated: ${s.text}`,
            line: 1,
            column: i + 1,
          });
        }
        return s;
      });
      ch.rules.push({ handle: num(v.handle), comment: str(v.comment), body, span });
      return;
    }
  }
  fail(`unknown object ${kind}`);
}

/** An interface name element is a string, though JSON cannot tell it from a symbol. */
function asString(v: Value): Value {
  if (v.kind !== "atom" || v.atom.kind === "string") return v;
  const a = v.atom;
  const text = a.kind === "symbol" ? a.name : a.kind === "number" ? String(a.value) : a.text;
  return { kind: "atom", atom: { kind: "string", value: text } };
}

function element(e: J, verdicts: boolean, isMap: boolean): SetElement {
  if (isMap && Array.isArray(e)) {
    const [k, d] = e;
    const { key, comment } = elemKey(k);
    return { key, comment, data: verdicts ? (verdict(d) ?? fail("verdict")) : value(d) };
  }
  const { key, comment } = elemKey(e);
  return { key, data: null, comment };
}

function elemKey(e: J): { key: Value; comment: string | null } {
  const o = obj(e);
  if (o && "elem" in o) {
    const el = obj(o.elem) ?? fail("elem");
    return { key: value(el.val), comment: str(el.comment) };
  }
  return { key: value(e), comment: null };
}

function atom(x: J): Atom {
  if (typeof x === "number") return { kind: "number", value: x };
  if (typeof x === "string") return atomOf(x);
  return fail(`expected a value, got ${JSON.stringify(x)}`);
}

function value(x: J): Value {
  // `fib ... oif missing` / `exists` are booleans in nft's JSON.
  if (typeof x === "boolean") return { kind: "atom", atom: { kind: "symbol", name: x ? "exists" : "missing" } };
  if (typeof x === "number") return { kind: "atom", atom: { kind: "number", value: x } };
  if (typeof x === "string") {
    if (x.startsWith("@")) return { kind: "set-ref", name: x.slice(1) };
    return wordValue({ kind: "word", text: x, line: 1, column: 1, endColumn: 1 });
  }
  if (Array.isArray(x)) return { kind: "flags", names: x.map((n) => str(n) ?? fail("flag")) };
  const o = obj(x) ?? fail(`expected a value, got ${JSON.stringify(x)}`);
  if (o.prefix) {
    const p = obj(o.prefix) ?? fail("prefix");
    return { kind: "prefix", addr: atom(p.addr), len: num(p.len) ?? fail("prefix len") };
  }
  if (o.range) {
    const r = Array.isArray(o.range) ? o.range : fail("range");
    return { kind: "range", from: atom(r[0]), to: atom(r[1]) };
  }
  if (o.set !== undefined) return setValue(o.set, false);
  if (o.concat) return { kind: "concat", parts: (o.concat as J[]).map(value) };
  if (o.elem) return elemKey(o).key;
  return fail(`unknown value ${Object.keys(o)[0]}`);
}

function setValue(x: J, verdicts: boolean): SetValue {
  if (typeof x === "string" && x.startsWith("@")) return { kind: "set-ref", name: x.slice(1) };
  const inner = obj(x);
  if (inner && "set" in inner) return setValue(inner.set, verdicts);
  const list = Array.isArray(x) ? x : [x];
  return {
    kind: "set",
    elements: list.map((e) => {
      if (Array.isArray(e) && e.length === 2 && (verdicts || obj(e[1]) || typeof e[1] !== "object")) {
        const { key, comment } = elemKey(e[0]);
        return { key, comment, data: verdicts ? (verdict(e[1]) ?? fail("verdict")) : value(e[1]) };
      }
      const { key, comment } = elemKey(e);
      return { key, comment, data: null };
    }),
  };
}

function verdict(x: J): Verdict | null {
  const o = obj(x);
  if (!o) return null;
  for (const k of ["accept", "drop", "continue", "return"] as const) if (k in o) return { kind: k };
  for (const k of ["jump", "goto"] as const) {
    if (k in o) return { kind: k, chain: str(obj(o[k])?.target) ?? fail(`${k} target`) };
  }
  if ("queue" in o) {
    const q = obj(o.queue);
    const flags = q?.flags === undefined ? [] : Array.isArray(q.flags) ? q.flags.map(String) : [String(q.flags)];
    return { kind: "queue", num: num(q?.num), flags };
  }
  return null;
}

function expr(x: J): Expr {
  const o = obj(x) ?? fail(`expected an expression, got ${JSON.stringify(x)}`);
  if (o.payload) {
    const p = obj(o.payload)!;
    return { kind: "payload", proto: str(p.protocol), field: str(p.field) } as Expr;
  }
  if (o.meta) return { kind: "meta", key: str(obj(o.meta)!.key) } as Expr;
  if (o.ct) {
    const c = obj(o.ct)!;
    if (c.dir) {
      // nft -j writes `ct original ip saddr` as key "ip saddr".
      const [fam, key] = (str(c.key) ?? "").includes(" ") ? (str(c.key) ?? "").split(" ") : [null, str(c.key)];
      return { kind: "ct-dir", dir: str(c.dir), family: fam ?? str(c.family), key } as Expr;
    }
    return { kind: "ct", key: str(c.key) } as Expr;
  }
  if (o.fib) {
    const f = obj(o.fib)!;
    const flags = Array.isArray(f.flags) ? f.flags : [f.flags];
    return { kind: "fib", flags: flags.map(String), result: str(f.result) } as Expr;
  }
  if (o.numgen) {
    const n = obj(o.numgen)!;
    return {
      kind: "numgen",
      mode: str(n.mode) === "inc" ? "inc" : "random",
      mod: num(n.mod) ?? 0,
      offset: num(n.offset) ?? 0,
    };
  }
  if (o.jhash) {
    const h = obj(o.jhash)!;
    return { kind: "jhash", of: expr(h.expr), mod: num(h.mod) ?? 0, seed: num(h.seed), offset: num(h.offset) ?? 0 };
  }
  if (o.concat) return { kind: "concat", parts: (o.concat as J[]).map(expr) };
  for (const op of ["&", "|", "^"] as const) {
    if (o[op]) {
      const [l, r] = o[op] as J[];
      return { kind: "binop", op, left: expr(l), right: value(r) };
    }
  }
  if (o.map) {
    const m = obj(o.map)!;
    return { kind: "map", key: expr(m.key), map: setValue(m.data, false) };
  }
  return fail(`unknown expression ${Object.keys(o)[0]}`);
}

function isExprJson(x: J): boolean {
  const o = obj(x);
  if (!o) return false;
  const k = Object.keys(o)[0];
  return (
    ["payload", "meta", "ct", "fib", "numgen", "jhash", "&", "|", "^", "map"].includes(k ?? "") ||
    (k === "concat" && isExprJson((o.concat as J[])[0]))
  );
}

const OPS: Record<string, RelOp> = { "==": "==", "!=": "!=", "<": "<", ">": ">", "<=": "<=", ">=": ">=", in: "in" };

function statement(x: J, span: Span, family: Family): Statement {
  const o = obj(x) ?? fail("expected a statement");
  const [k, v] = Object.entries(o)[0] ?? fail("empty statement");
  const a = obj(v);
  try {
    const vd = verdict(x);
    if (vd) return { kind: "verdict", verdict: vd, span };
    switch (k) {
      case "match": {
        const left = expr(a!.left);
        let op = OPS[str(a!.op) ?? ""] ?? fail("operator");
        let right = value(a!.right);
        // JSON says `in` for a set lookup too; the text says nothing, and the model says ==.
        if (op === "in" && (right.kind === "set" || right.kind === "set-ref")) op = "==";
        if (op === "in" && left.kind === "binop") op = "==";
        right = coerceValue(left, right);
        return { kind: "match", left, op, right, span };
      }
      case "counter":
        return { kind: "counter", packets: num(a?.packets) ?? 0, bytes: num(a?.bytes) ?? 0, span };
      case "notrack":
        return { kind: "notrack", span };
      case "log":
        return { kind: "log", prefix: str(a?.prefix), level: str(a?.level), group: num(a?.group), span };
      case "limit": {
        const burst = num(a?.burst);
        const bytes = str(a?.rate_unit);
        return {
          kind: "limit",
          over: a?.inv === true,
          rate: num(a?.rate) ?? 0,
          unit: (str(a?.per) ?? "second") as "second",
          bytes: bytes && bytes !== "packets" ? bytes : null,
          burst: burst === null || burst === 0 || (burst === 5 && !bytes) ? null : burst,
          burstBytes: str(a?.burst_unit) && a?.burst_unit !== "packets" ? str(a?.burst_unit) : null,
          span,
        };
      }
      case "quota":
        return {
          kind: "quota",
          over: a?.inv === true,
          amount: num(a?.val) ?? 0,
          unit: str(a?.val_unit) ?? "bytes",
          used: num(a?.used) || null,
          usedUnit: num(a?.used) ? (str(a?.used_unit) ?? "bytes") : null,
          span,
        };
      case "mangle": {
        const target = expr(a!.key);
        const t =
          target.kind === "meta" && target.key === "mark"
            ? ({ kind: "meta", key: "mark" } as const)
            : target.kind === "ct" && (target.key === "mark" || target.key === "zone")
              ? ({ kind: "ct", key: target.key } as const)
              : fail("mangle of an unsupported field");
        return { kind: "set-field", target: t, value: isExprJson(a!.value) ? expr(a!.value) : value(a!.value), span };
      }
      case "reject": {
        if (!a) return { kind: "reject", with: { kind: "default" }, span };
        const type = str(a.type);
        if (type === "tcp reset") return { kind: "reject", with: { kind: "tcp-reset" }, span };
        // The family's default reject: the text lists it as a bare `reject`.
        if (str(a.expr) === "port-unreachable" && (type === "icmpx" || (type === "icmp" && family === "ip"))) {
          return { kind: "reject", with: { kind: "default" }, span };
        }
        if (type === "icmp" || type === "icmpv6" || type === "icmpx") {
          return {
            kind: "reject",
            with: { kind: "icmp", family: type, type: str(a.expr) ?? "port-unreachable" },
            span,
          };
        }
        return { kind: "reject", with: { kind: "default" }, span };
      }
      case "vmap":
        return { kind: "vmap", key: expr(a!.key), map: setValue(a!.data, true), span };
      case "dnat":
      case "snat":
      case "masquerade":
      case "redirect": {
        const addr = a?.addr === undefined ? null : isExprJson(a.addr) ? expr(a.addr) : value(a.addr);
        const port = a?.port === undefined ? null : isExprJson(a.port) ? expr(a.port) : value(a.port);
        const flags = a?.flags === undefined ? [] : Array.isArray(a.flags) ? a.flags.map(String) : [String(a.flags)];
        const fam = str(a?.family);
        return { kind: "nat", nat: k, family: fam === "ip" || fam === "ip6" ? fam : null, addr, port, flags, span };
      }
    }
  } catch (e) {
    if (!(e instanceof JsonProblem)) throw e;
  }
  return { kind: "unsupported", text: JSON.stringify(x), span };
}
