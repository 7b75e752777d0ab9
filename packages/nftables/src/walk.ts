import type { Expr, SetValue, Statement, Value, Verdict } from "./model";

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
  const value = (v: Value | Expr | null): void => {
    if (!v) return;
    switch (v.kind) {
      case "set-ref":
        out.push(v.name);
        return;
      case "concat":
        for (const p of v.parts) value(p as Value | Expr);
        return;
      case "map":
        set(v.map);
        return;
      case "binop":
        value(v.left);
        value(v.right);
        return;
    }
  };
  const set = (m: SetValue) => {
    if (m.kind === "set-ref") out.push(m.name);
  };
  switch (s.kind) {
    case "match":
      value(s.right);
      value(s.left);
      break;
    case "vmap":
      set(s.map);
      value(s.key);
      break;
    case "set-field":
      value(s.value);
      break;
    case "nat":
      value(s.addr);
      value(s.port);
      break;
  }
  return out;
}
