import { useEffect, useState } from "react";
import type { ChainView, RuleView } from "../sim/protocol";
import { useApp } from "../state/context";
import { useRules } from "./context";

const PAGE = 200;
const cache = new Map<string, readonly RuleView[]>();
/** Pages asked for and not answered yet: many rows of one page ask once. */
const asked = new Set<string>();
/** Every mounted user of rows, told when a page arrives (another row may have asked for it). */
const listeners = new Set<() => void>();

/**
 * The rows `[from, to)` of a chain: straight from the view when the ruleset is small, otherwise pages of
 * 200 asked from the worker and kept per revision. Rows not yet here are `undefined` (drawn as placeholders).
 */
export function useRows(chain: ChainView, from: number, to: number): (RuleView | undefined)[] {
  const inline = useApp((s) => s.view?.inline ?? true);
  const revision = useApp((s) => s.viewRevision);
  const { engine } = useRules();
  const [, bump] = useState(0);
  const first = Math.floor(from / PAGE);
  const last = Math.floor(Math.max(from, to - 1) / PAGE);
  const key = (p: number) => `${revision}|${chain.table}|${chain.name}|${p}`;
  useEffect(() => {
    const l = () => bump((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  useEffect(() => {
    if (inline) return;
    for (let p = first; p <= last; p++) {
      const k = key(p);
      if (cache.has(k) || asked.has(k)) continue;
      asked.add(k);
      void engine
        .query({ kind: "rows", revision, table: chain.table, chain: chain.name, from: p * PAGE, to: (p + 1) * PAGE })
        .then((a) => {
          asked.delete(k);
          if (a.kind !== "rows") return;
          if (cache.size > 400) cache.clear();
          cache.set(k, a.rows);
          for (const l of listeners) l();
        });
    }
  });
  const out: (RuleView | undefined)[] = [];
  for (let i = from; i < to; i++) {
    if (inline) out.push(chain.rules[i]);
    else out.push(cache.get(key(Math.floor(i / PAGE)))?.[i % PAGE]);
  }
  return out;
}
