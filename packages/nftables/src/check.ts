import type { Reference } from "./cursor";
import type { Diagnostic } from "./diagnostics";
import type { Atom, Chain, Expr, Rule, Ruleset, Span, Statement, Table, Value, Verdict } from "./model";
import { isVerdict, statementSetRefs } from "./walk";

const at = (code: string, message: string, span: Span | null, hint?: string): Diagnostic => ({
  code,
  severity: "error",
  message,
  line: span?.line ?? 1,
  column: span?.column ?? 1,
  ...(span ? { endColumn: span.endColumn } : {}),
  ...(hint ? { hint } : {}),
});

/**
 * What nft or the kernel refuses in a whole ruleset, once every command is read: jumps to chains that do not
 * exist, references to undefined sets, jump loops, NAT outside NAT chains, values of the wrong type.
 */
export function checkRuleset(ruleset: Ruleset, refsOf: RefsOf = () => null): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const table of ruleset.tables) checkTable(table, out, refsOf);
  return out;
}

/** Where a rule wrote the names it refers to, when the parser knows (the text parser does, JSON has no lines). */
export type RefsOf = (rule: Rule) => readonly Reference[] | null;

const refSpan = (refs: readonly Reference[] | null, kind: Reference["kind"], name: string, fallback: Span): Span =>
  refs?.find((r) => r.kind === kind && r.name === name)?.span ?? fallback;

function checkTable(table: Table, out: Diagnostic[], refsOf: RefsOf): void {
  const chains = new Map(table.chains.map((c) => [c.name, c]));
  const sets = new Set(table.sets.map((s) => s.name));
  const edges = new Map<string, { to: string; span: Span }[]>();
  /** The edges of the chain being read. */
  let list: { to: string; span: Span }[] = [];
  const onVerdict = (rule: Rule, s: Statement, v: Verdict): void => {
    if (v.kind !== "jump" && v.kind !== "goto") return;
    const target = chains.get(v.chain);
    if (!target) {
      out.push(
        at(
          "nft.no-chain",
          "Could not process rule: No such file or directory",
          refSpan(refsOf(rule), "chain", v.chain, s.span),
          `No chain ${v.chain} in table ${table.family} ${table.name}.`,
        ),
      );
    } else if (target.base) {
      out.push(
        at(
          "nft.jump-to-base",
          "Could not process rule: Operation not supported",
          s.span,
          `${v.chain} is a base chain: nft can only jump to a regular chain.`,
        ),
      );
    } else list.push({ to: v.chain, span: s.span });
  };
  for (const chain of table.chains) {
    list = [];
    edges.set(chain.name, list);
    for (const rule of chain.rules) {
      for (const s of rule.body) {
        // Only these statements can hold a jump, a set reference or a checked type: the rest skip the walks.
        if (
          s.kind !== "verdict" &&
          s.kind !== "vmap" &&
          s.kind !== "match" &&
          s.kind !== "set-field" &&
          s.kind !== "nat"
        )
          continue;
        // statementVerdicts without its arrays: this loop runs for every statement of an import.
        if (s.kind === "verdict") onVerdict(rule, s, s.verdict);
        else if (s.kind === "vmap" && s.map.kind === "set") {
          for (const e of s.map.elements) if (e.data && isVerdict(e.data)) onVerdict(rule, s, e.data);
        }
        if (s.kind === "verdict") continue;
        for (const name of statementSetRefs(s)) {
          if (!sets.has(name)) {
            const near = [...sets].find((n) => n.toLowerCase() === name.toLowerCase());
            out.push(
              at(
                "nft.no-set",
                `No such file or directory${near ? `; did you mean set '${near}' in table ${table.family} '${table.name}'?` : ""}`,
                refSpan(refsOf(rule), "set", name, s.span),
                `No set or map @${name} in table ${table.family} ${table.name}.`,
              ),
            );
          }
        }
        checkTypes(s, out);
        if (s.kind === "nat" && table.family === "inet" && s.family === null && s.addr !== null && !isExpr(s.addr)) {
          // nft points at the statement's keyword.
          const kw = { ...s.span, endColumn: s.span.column + s.nat.length };
          out.push(at("nft.nat-family", "ip or ip6 must be specified with address for inet tables.", kw));
        }
      }
    }
  }
  checkLoops(table, edges, out);
  checkNatPlacement(table, edges, out);
}

function isExpr(v: Value | Expr): v is Expr {
  switch (v.kind) {
    case "payload":
    case "meta":
    case "ct":
    case "ct-dir":
    case "fib":
    case "numgen":
    case "jhash":
    case "binop":
    case "map":
      return true;
  }
  return false;
}

/** A jump cycle: the kernel refuses the rule that closes it with ELOOP. */
function checkLoops(table: Table, edges: Map<string, { to: string; span: Span }[]>, out: Diagnostic[]): void {
  const state = new Map<string, 1 | 2>();
  // The chains from the start of this walk to the one being visited, pushed and popped (never copied).
  const path: string[] = [];
  const visit = (name: string): void => {
    state.set(name, 1);
    path.push(name);
    for (const e of edges.get(name) ?? []) {
      const s = state.get(e.to);
      if (s === 1) {
        const cycle = [...path.slice(path.indexOf(e.to)), e.to];
        out.push(
          at(
            "nft.loop",
            "Could not process rule: Too many links",
            e.span,
            `These jumps form a loop: ${cycle.join(" -> ")} (table ${table.family} ${table.name}).`,
          ),
        );
      } else if (s === undefined) visit(e.to);
    }
    path.pop();
    state.set(name, 2);
  };
  for (const c of table.chains) if (!state.has(c.name)) visit(c.name);
}

/** NAT statements are only valid in chains that only `type nat` base chains reach. */
function checkNatPlacement(table: Table, edges: Map<string, { to: string; span: Span }[]>, out: Diagnostic[]): void {
  const reachedBy = new Map<string, Set<string>>();
  for (const base of table.chains) {
    if (!base.base) continue;
    const seen = new Set<string>();
    const stack = [base.name];
    while (stack.length) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      const set = reachedBy.get(n) ?? new Set<string>();
      reachedBy.set(n, set);
      set.add(base.base.type);
      for (const e of edges.get(n) ?? []) stack.push(e.to);
    }
  }
  for (const chain of table.chains) {
    const types = reachedBy.get(chain.name);
    if (!types) continue;
    for (const rule of chain.rules) {
      for (const s of rule.body) {
        if (s.kind === "nat" && [...types].some((t) => t !== "nat")) {
          out.push(
            at(
              "nft.nat-in-filter",
              "Could not process rule: Operation not supported",
              rule.span ?? s.span,
              natHint(chain, s),
            ),
          );
        }
      }
    }
  }
}

function natHint(chain: Chain, s: Statement & { kind: "nat" }): string {
  return `${s.nat} only works in a chain of type nat; ${chain.name} is reached from a base chain of another type.`;
}

const ADDRESS_FIELDS = new Set(["saddr", "daddr"]);

function checkTypes(s: Statement, out: Diagnostic[]): void {
  if (s.kind !== "match") return;
  const problem = typeProblem(s.left, s.right);
  if (problem) out.push(at("nft.type", problem.message, s.span, problem.hint));
}

/** A value of the wrong type for what it is compared with, in nft's words (it tries to resolve the name). */
export function typeProblem(left: Expr, right: Value): { message: string; hint: string } | null {
  if (left.kind !== "payload") return null;
  const isAddr = (left.proto === "ip" || left.proto === "ip6") && ADDRESS_FIELDS.has(left.field);
  const isPort = left.field === "sport" || left.field === "dport";
  if (!isAddr && !isPort) return null;
  // One atom, the usual case, without the list and the closure below.
  if (right.kind === "atom") return atomProblem(left, isAddr, right.atom) ? typeMessage(left, isAddr) : null;
  if (!valueAtoms(right).some((a) => atomProblem(left, isAddr, a))) return null;
  return typeMessage(left, isAddr);
}

function atomProblem(left: Expr & { kind: "payload" }, isAddr: boolean, a: Atom): boolean {
  return isAddr
    ? a.kind !== (left.proto === "ip" ? "ipv4" : "ipv6") && a.kind !== "number"
    : a.kind === "ipv4" || a.kind === "ipv6" || a.kind === "string" || (a.kind === "number" && a.value > 65535);
}

function typeMessage(left: Expr & { kind: "payload" }, isAddr: boolean): { message: string; hint: string } {
  return {
    message: isAddr
      ? "Could not resolve hostname: Name or service not known"
      : "Could not resolve service: Servname not supported for ai_socktype",
    hint: `${left.proto} ${left.field} expects ${isAddr ? "an address" : "a port number"}.`,
  };
}

function valueAtoms(v: Value): Atom[] {
  switch (v.kind) {
    case "atom":
      return [v.atom];
    case "prefix":
      return [v.addr];
    case "range":
      return [v.from, v.to];
    case "set":
      return v.elements.flatMap((e) => valueAtoms(e.key));
    case "flags":
    case "concat":
    case "set-ref":
      return [];
  }
}
