import type { Expr, Value } from "./model";

/**
 * Values whose spelling depends on what they are compared with: an interface name is a string whether written
 * `"eth0"` or `eth0` (and in JSON it is just "eth0"). Both parsers pass every right-hand value through here, so
 * the text and the JSON of one ruleset give the same model.
 */
export function coerceValue(left: Expr, v: Value): Value {
  const isString =
    (left.kind === "meta" &&
      (left.key === "iifname" || left.key === "oifname" || left.key === "iif" || left.key === "oif")) ||
    (left.kind === "fib" && (left.result === "oif" || left.result === "oifname"));
  if (!isString) return v;
  const fix = (x: Value): Value => {
    // `fib ... oif missing`: a test of existence, not an interface name.
    const existence =
      x.kind === "atom" && x.atom.kind === "symbol" && (x.atom.name === "missing" || x.atom.name === "exists");
    if (x.kind === "atom" && x.atom.kind !== "string" && !existence) {
      const text =
        x.atom.kind === "symbol" ? x.atom.name : x.atom.kind === "number" ? String(x.atom.value) : x.atom.text;
      return { kind: "atom", atom: { kind: "string", value: text } };
    }
    if (x.kind === "set") return { kind: "set", elements: x.elements.map((e) => ({ ...e, key: fix(e.key) })) };
    return x;
  };
  return fix(v);
}
