/**
 * Helpers for looking at a value from an untrusted source without running any of its code: no `String(v)`
 * (which calls a document's own `toString`/`valueOf` and throws when they are not functions), no recursion
 * (a document nested 20,000 deep must not exhaust the stack).
 */

/** Deepest nesting a scenario document may have: `scenario.packets[0].inner.sport` is 4 below the document. */
export const MAX_DEPTH = 16;
/** Most objects, lists and values a document may hold (1,000 packets of ~20 fields is about 21,000). */
export const MAX_NODES = 100_000;

/** A short, printable description of `v` for an error message, computed from its type alone. */
export function describeValue(v: unknown): string {
  switch (typeof v) {
    case "string":
      // JSON quoting escapes control characters, so a message never carries a raw newline or escape.
      return v.length > 40 ? `${JSON.stringify(v.slice(0, 40))}...` : JSON.stringify(v);
    case "number":
      return Number.isFinite(v) ? JSON.stringify(v) : "a non-finite number";
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "nothing";
    case "bigint":
      return "a big integer";
    case "symbol":
      return "a symbol";
    case "function":
      return "a function";
    case "object":
      if (v === null) return "null";
      return Array.isArray(v) ? `a list of ${v.length}` : "an object";
  }
}

/** Where a document breaks the depth or size limit, as a JSON path and a message; null when it does not. */
export interface ShapeProblem {
  readonly path: string;
  readonly message: string;
}

/**
 * Walks `root` with an explicit stack (never recursion) and reports the first place nested deeper than
 * `maxDepth`, or the point where more than `maxNodes` values have been seen. Only own enumerable keys of
 * plain data are read, the way JSON.parse builds them.
 */
export function checkShape(root: unknown, maxDepth = MAX_DEPTH, maxNodes = MAX_NODES): ShapeProblem | null {
  // Paths are built only for the answer: each entry links to its parent, so a walk allocates no strings.
  const stack: Walk[] = [{ value: root, key: null, parent: null, depth: 0 }];
  let seen = 0;
  while (stack.length > 0) {
    const at = stack.pop()!;
    const { value, depth } = at;
    seen += 1;
    if (seen > maxNodes) {
      return { path: pathOf(at), message: `the document holds more than ${maxNodes} values; it is refused` };
    }
    if (typeof value !== "object" || value === null) continue;
    if (depth >= maxDepth) {
      return { path: pathOf(at), message: `nested more than ${maxDepth} levels deep; a scenario never is` };
    }
    if (Array.isArray(value)) {
      // A list longer than the node budget is refused before its items are pushed.
      if (value.length > maxNodes - seen) {
        const message = `a list of ${value.length} items; the document may hold ${maxNodes} values`;
        return { path: pathOf(at), message };
      }
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: at, depth: depth + 1 });
    } else {
      const keys = Object.keys(value);
      if (keys.length > maxNodes - seen) {
        const message = `an object of ${keys.length} fields; the document may hold ${maxNodes} values`;
        return { path: pathOf(at), message };
      }
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        stack.push({ value: (value as Record<string, unknown>)[key], key, parent: at, depth: depth + 1 });
      }
    }
  }
  return null;
}

interface Walk {
  readonly value: unknown;
  readonly key: string | number | null;
  readonly parent: Walk | null;
  readonly depth: number;
}

function pathOf(at: Walk): string {
  const keys: (string | number)[] = [];
  for (let w: Walk | null = at; w && w.key !== null; w = w.parent) keys.push(w.key);
  let path = "";
  for (let i = keys.length - 1; i >= 0; i--) {
    const key = keys[i]!;
    path = typeof key === "number" ? `${path}[${key}]` : joinPath(path, key);
  }
  return path;
}

/** `host.routes` or `packets[2]`; a key that is not a plain identifier is quoted, as in JavaScript. */
export function joinPath(base: string, key: string): string {
  const part = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : `[${JSON.stringify(key.slice(0, 40))}]`;
  if (part.startsWith("[")) return `${base}${part}`;
  return base === "" ? part : `${base}.${part}`;
}
