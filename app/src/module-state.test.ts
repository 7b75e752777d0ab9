import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * No app instance state at module level: the language, caches and playback belong to a store (state/store.ts)
 * or to an engine/worker instance, so two stores in one page or one test share nothing. Module-level
 * `let`/`var`, `new Map/Set/WeakMap/WeakSet/Array` and mutable array literals are refused, as is a zustand store
 * made at import time. Constant tables stay allowed: type them `readonly` (or `as const`) so the compiler keeps
 * them constant. Only the worker's entry may hold state of its own: it is the worker instance.
 */
const ALLOWED = new Set(["sim/worker.ts"]);
const COLLECTIONS = new Set(["Map", "Set", "WeakMap", "WeakSet", "Array"]);
const STORE_MAKERS = new Set(["createStore", "create"]);

export interface Finding {
  readonly line: number;
  readonly what: string;
}

function isReadonlyType(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  if (ts.isTypeOperatorNode(type) && type.operator === ts.SyntaxKind.ReadonlyKeyword) return true;
  if (ts.isTypeReferenceNode(type)) return /^Readonly/.test(type.typeName.getText());
  return false;
}

function isAsConst(e: ts.Expression): boolean {
  return (ts.isAsExpression(e) || ts.isTypeAssertionExpression(e)) && e.type.getText() === "const";
}

function unwrap(e: ts.Expression): ts.Expression {
  let x = e;
  while (ts.isParenthesizedExpression(x) || ts.isSatisfiesExpression(x) || ts.isNonNullExpression(x)) x = x.expression;
  return x;
}

/** Module-level state in one source file, with its line. */
export function moduleState(fileName: string, text: string): Finding[] {
  const src = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const out: Finding[] = [];
  const at = (n: ts.Node, what: string) =>
    out.push({ line: src.getLineAndCharacterOfPosition(n.getStart(src)).line + 1, what });
  for (const stmt of src.statements) {
    if (!ts.isVariableStatement(stmt)) continue;
    const list = stmt.declarationList;
    const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
    for (const d of list.declarations) {
      const name = d.name.getText(src);
      if (!isConst) {
        at(d, `\`${(list.flags & ts.NodeFlags.Let) !== 0 ? "let" : "var"} ${name}\``);
        continue;
      }
      if (!d.initializer || isReadonlyType(d.type)) continue;
      if (isAsConst(d.initializer)) continue;
      const init = unwrap(d.initializer);
      if (ts.isNewExpression(init) && COLLECTIONS.has(init.expression.getText(src)))
        at(d, `\`${name}\` is a ${init.expression.getText(src)}`);
      else if (ts.isArrayLiteralExpression(init)) at(d, `\`${name}\` is a mutable array (type it readonly)`);
      else if (ts.isCallExpression(init)) {
        let callee: ts.Expression = init.expression;
        while (ts.isCallExpression(callee)) callee = callee.expression; // createStore<T>()(...)
        if (STORE_MAKERS.has(callee.getText(src))) at(d, `\`${name}\` is a store made at import time`);
      }
    }
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

describe("module-level state in app/src", () => {
  it("finds let, collections, mutable arrays and import-time stores, and lets constants be", () => {
    const found = moduleState(
      "x.ts",
      [
        "let lang = 'en';",
        "const cache = new Map<string, number>();",
        "const seen = new WeakMap();",
        "const list: number[] = [];",
        "export const store = createStore<{ a: number }>()(() => ({ a: 1 }));",
        "const NONE: ReadonlySet<string> = new Set();",
        "const SPEEDS: readonly number[] = [1, 2];",
        "const FLAGS = ['S', 'A'] as const;",
        "const LIMIT = 3;",
        "function f() { let x = 1; const m = new Map(); return [x, m]; }",
      ].join("\n"),
    );
    expect(found.map((f) => f.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it("has none outside the worker's entry", () => {
    const root = import.meta.dirname;
    const problems = sources(root)
      .map((p) => relative(root, p).split("\\").join("/"))
      .filter((rel) => !ALLOWED.has(rel))
      .flatMap((rel) =>
        moduleState(rel, readFileSync(join(root, rel), "utf8")).map((f) => `${rel}:${f.line}: ${f.what}`),
      );
    expect(problems).toEqual([]);
  });
});
