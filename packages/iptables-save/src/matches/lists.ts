import type { ArgCursor } from "../cursor";

/**
 * A comma-separated list of names from `allowed`, returned in `allowed` order (the order iptables-save prints
 * bit sets in). `what` names the error: `Bad ctstate "FOO"`.
 */
export function parseNameList<T extends string>(
  text: string,
  allowed: readonly T[],
  what: string,
  cur: ArgCursor,
): T[] {
  let bits = 0;
  for (const name of text.split(",")) {
    const index = allowed.indexOf(name.toUpperCase() as T);
    if (index < 0) throw cur.error("bad-value", `Bad ${what} "${name}"`);
    bits |= 1 << index;
  }
  return allowed.filter((_, i) => bits & (1 << i));
}
