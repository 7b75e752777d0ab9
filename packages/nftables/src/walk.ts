import type { Expr, Statement, Value, Verdict } from "./model";

/** Every jump/goto of a statement (its own verdict, or a verdict map's). */
export function statementVerdicts(s: Statement): Verdict[] {
  if (s.kind === "verdict") return [s.verdict];
  if (s.kind === "vmap" && s.map.kind === "set") {
    return s.map.elements.flatMap((e) => (e.data && isVerdict(e.data) ? [e.data] : []));
  }
  return [];
}

export function isVerdict(d: Value | Verdict): d is Verdict {
  switch (d.kind) {
    case "accept":
    case "drop":
    case "continue":
    case "return":
    case "jump":
    case "goto":
    case "queue":
      return true;
  }
  return false;
}

/** Names of the named sets and maps a statement refers to (`@x`). */
export function statementSetRefs(s: Statement): string[] {
  const out: string[] = [];
  switch (s.kind) {
    case "match":
      valueRefs(s.right, out);
      valueRefs(s.left, out);
      break;
    case "vmap":
      if (s.map.kind === "set-ref") out.push(s.map.name);
      valueRefs(s.key, out);
      break;
    case "set-field":
      valueRefs(s.value, out);
      break;
    case "nat":
      valueRefs(s.addr, out);
      valueRefs(s.port, out);
      break;
  }
  return out;
}

// Module functions rather than closures made at each call: the whole-ruleset check asks this of every statement.
function valueRefs(v: Value | Expr | null, out: string[]): void {
  if (!v) return;
  switch (v.kind) {
    case "set-ref":
      out.push(v.name);
      return;
    case "concat":
      for (const p of v.parts) valueRefs(p as Value | Expr, out);
      return;
    case "map":
      if (v.map.kind === "set-ref") out.push(v.map.name);
      return;
    case "binop":
      valueRefs(v.left, out);
      valueRefs(v.right, out);
      return;
  }
}
