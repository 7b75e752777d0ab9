import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/** One `import`/`export ... from` of a source file, resolved to a file of the repository. */
interface ImportEdge {
  /** Repository-relative path of the imported file. */
  readonly to: string;
  /** The specifier as written (`../state/store`, `@nfx/model`). */
  readonly specifier: string;
  /** `import type` / `export type`: erased by the compiler, so no module is loaded at run time. */
  readonly typeOnly: boolean;
  readonly line: number;
}

/** Repository-relative file path -> the repository files it imports. */
type ImportGraph = ReadonlyMap<string, readonly ImportEdge[]>;

const root = resolve(import.meta.dirname, "..");

/** Every .ts/.tsx file under `dirs` (repository-relative), tests included, node_modules left out. */
function sourceFiles(dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const path = join(dir, name);
      if (name === "node_modules" || name === "dist") continue;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts")) out.push(path);
    }
  };
  for (const dir of dirs) walk(dir);
  return out;
}

/** `@nfx/NAME` and `@nfx/NAME/SUB` resolve through each workspace package's `exports`, as the bundler does. */
function workspaceEntry(specifier: string): string | null {
  const m = /^@nfx\/([^/]+)(\/.+)?$/.exec(specifier);
  if (!m) return null;
  const pkgFile = join(root, "packages", m[1]!, "package.json");
  if (!existsSync(pkgFile)) return null;
  const exports = (JSON.parse(readFileSync(pkgFile, "utf8")) as { exports?: Record<string, string> }).exports;
  const target = exports?.[m[2] ? `.${m[2]}` : "."];
  return target ? relative(root, join(root, "packages", m[1]!, target)) : null;
}

function resolveSpecifier(from: string, specifier: string): string | null {
  if (!specifier.startsWith(".")) return workspaceEntry(specifier);
  const base = join(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx")]) {
    if (/\.tsx?$/.test(candidate) && existsSync(join(root, candidate))) return candidate;
  }
  return null;
}

/** The imports of one file, read with the TypeScript parser (declarations only, not `import()` expressions). */
function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(join(root, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const edges: ImportEdge[] = [];
  for (const node of source.statements) {
    let specifier: ts.Expression | undefined;
    let typeOnly = false;
    if (ts.isImportDeclaration(node)) {
      specifier = node.moduleSpecifier;
      typeOnly = node.importClause?.isTypeOnly ?? false;
    } else if (ts.isExportDeclaration(node)) {
      specifier = node.moduleSpecifier;
      typeOnly = node.isTypeOnly;
    }
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    const to = resolveSpecifier(file, specifier.text);
    if (to === null) continue;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    edges.push({ to, specifier: specifier.text, typeOnly, line });
  }
  return edges;
}

export function importGraph(dirs: readonly string[]): ImportGraph {
  return new Map(sourceFiles(dirs).map((file) => [file, importsOf(file)] as const));
}

/**
 * Every import cycle of `graph`, each as the files in order with the first repeated at the end, found with
 * Tarjan's strongly connected components: one cycle reported per component, so a tangle is named once.
 */
export function importCycles(graph: ImportGraph, include: (edge: ImportEdge) => boolean = () => true): string[][] {
  const next = (file: string) => (graph.get(file) ?? []).filter(include).map((e) => e.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || next(v).includes(v)) components.push(component);
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return components.map((component) => cycleWithin(new Set(component), next));
}

/** One concrete cycle through a strongly connected component: a breadth-first path back to its first file. */
function cycleWithin(component: ReadonlySet<string>, next: (file: string) => string[]): string[] {
  const start = [...component].sort()[0]!;
  const from = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of next(v)) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u = v; u !== start; u = from.get(u)!) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!from.has(w)) {
        from.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
