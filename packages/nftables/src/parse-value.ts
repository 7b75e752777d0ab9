import { type Cursor, errorAt, unexpected } from "./cursor";
import { spanFrom, type Token } from "./lexer";
import type { Atom, SetElement, SetValue, Value, Verdict } from "./model";

const NUMBER = /^(0x[0-9a-fA-F]+|\d+)$/;

/** Four dot-separated groups of 1 to 3 digits, each at most 255; read by char code, since every word is asked. */
export function isIpv4(s: string): boolean {
  let groups = 0;
  let digits = 0;
  let value = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digits > 3) return false;
      value = value * 10 + (c - 48);
    } else if (c === 46 && digits > 0 && value <= 255 && groups < 3) {
      groups++;
      digits = 0;
      value = 0;
    } else return false;
  }
  return groups === 3 && digits > 0 && value <= 255;
}

function isIpv6(s: string): boolean {
  return s.includes(":") && /^[0-9a-fA-F:.]+$/.test(s) && (s.match(/:/g)?.length ?? 0) >= 2;
}

/** One word as a constant: a number, an address, or a symbol (`established`, `tcp`, `echo-request`). */
export function atomOf(text: string): Atom {
  if (NUMBER.test(text)) return { kind: "number", value: Number(text) };
  if (isIpv4(text)) return { kind: "ipv4", text };
  if (isIpv6(text)) return { kind: "ipv6", text };
  return { kind: "symbol", name: text };
}

/** A word that is a whole value: `10.0.0.0/8`, `1024-65535`, `10.0.0.1-10.0.0.9`, or one atom. */
export function wordValue(t: Token): Value {
  const text = t.text;
  const slash = text.indexOf("/");
  if (slash > 0) {
    const addr = atomOf(text.slice(0, slash));
    const len = text.slice(slash + 1);
    if ((addr.kind === "ipv4" || addr.kind === "ipv6") && /^\d+$/.test(len)) {
      const max = addr.kind === "ipv4" ? 32 : 128;
      if (Number(len) > max) throw errorAt(t, "nft.prefix", `Prefix length ${len} is invalid`);
      return { kind: "prefix", addr, len: Number(len) };
    }
    throw errorAt(t, "nft.syntax", `syntax error, unexpected ${text}`);
  }
  const dash = text.indexOf("-", 1);
  if (dash > 0) {
    const from = atomOf(text.slice(0, dash));
    const to = atomOf(text.slice(dash + 1));
    if ((from.kind === "number" && to.kind === "number") || (from.kind === "ipv4" && to.kind === "ipv4")) {
      return { kind: "range", from, to };
    }
  }
  return { kind: "atom", atom: atomOf(text) };
}

export type VerdictParser = (c: Cursor) => Verdict | null;

/**
 * A right-hand value. Outside a set, `a,b,c` is a flag list (`ct state established,related`); inside a set the
 * comma separates elements. `a . b . c` is a concatenation.
 */
export function parseValue(c: Cursor, inSet = false): Value {
  const first = parseSingle(c, inSet);
  if (!c.at(".")) return first;
  const parts: Value[] = [first];
  while (c.eat(".")) parts.push(parseSingle(c, inSet));
  return { kind: "concat", parts: parts.slice() }; // exact size: see parseRuleBody
}

function parseSingle(c: Cursor, inSet: boolean): Value {
  const t = c.peek();
  if (c.at("{")) return parseSetLiteral(c, null);
  if (c.at("@")) {
    const at = c.next();
    const name = c.word("set name");
    c.refs.push({ kind: "set", name: name.text, span: spanFrom(at, name) });
    return { kind: "set-ref", name: name.text };
  }
  if (c.at("$")) {
    // Every defined variable was substituted before parsing: what is left is unknown.
    c.next();
    const name = c.word("variable name");
    throw errorAt(name, "nft.undefined-variable", `unknown identifier '${name.text}'`);
  }
  if (c.at("(")) {
    // `(syn | ack)`: a flag combination, as nft writes masks.
    c.next();
    const names = [c.word("flag").text];
    while (c.eat("|")) names.push(c.word("flag").text);
    c.expect(")");
    return { kind: "flags", names };
  }
  if (t.kind === "string") {
    c.next();
    return { kind: "atom", atom: { kind: "string", value: t.text } };
  }
  if (t.kind !== "word" || t.text === "." || t.text === ":") throw unexpected(t);
  c.next();
  if (!inSet && c.at(",")) {
    const names = [t.text];
    while (c.eat(",")) names.push(c.word("flag").text);
    return { kind: "flags", names };
  }
  if (!inSet && c.at("|") && !/^\d/.test(t.text)) {
    // `tcp flags & (fin | syn) == fin | syn`: a flag combination without parentheses on the right.
    const names = [t.text];
    while (c.eat("|")) names.push(c.word("flag").text);
    return { kind: "flags", names };
  }
  return wordValue(t);
}

/** `{ 22, 80 }`, `{ 10.0.0.1 . tcp . 443 : goto s1 }`: elements, with data after `:` for maps. */
export function parseSetLiteral(c: Cursor, verdict: VerdictParser | null): SetValue {
  c.expect("{");
  return { kind: "set", elements: parseElements(c, verdict, "}") };
}

export function parseElements(c: Cursor, verdict: VerdictParser | null, close: string): SetElement[] {
  const elements: SetElement[] = [];
  const skip = () => {
    while (c.peek().kind === "newline" || c.peek().kind === "comment") c.next();
  };
  skip();
  while (!c.at(close)) {
    const key = parseValue(c, true);
    let data: SetElement["data"] = null;
    let comment: string | null = null;
    if (c.eat("comment")) comment = c.word("comment").text;
    if (c.eat(":")) data = verdict?.(c) ?? parseValue(c, true);
    skip();
    elements.push({ key, data, comment });
    if (!c.eat(",")) {
      skip();
      if (!c.at(close)) throw unexpected(c.peek(), `expecting comma or '${close}'`);
      break;
    }
    skip();
  }
  c.expect(close);
  return elements.slice(); // exact size: see parseRuleBody
}
