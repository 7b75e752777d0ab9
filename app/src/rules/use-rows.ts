import { useEffect, useState } from "react";
import type { ChainView, RuleView } from "../sim/protocol";
import { useApp } from "../state/context";
import { useRules } from "./context";

const PAGE = 200;
const cache = new Map<string, readonly RuleView[]>();

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
    if (inline) return;
    let live = true;
    for (let p = first; p <= last; p++) {
      if (cache.has(key(p))) continue;
      const k = key(p);
      void engine
        .query({ kind: "rows", revision, table: chain.table, chain: chain.name, from: p * PAGE, to: (p + 1) * PAGE })
        .then((a) => {
          if (a.kind !== "rows") return;
          if (cache.size > 400) cache.clear();
          cache.set(k, a.rows);
          if (live) bump((n) => n + 1);
        });
    }
    return () => {
      live = false;
    };
  });
  const out: (RuleView | undefined)[] = [];
  for (let i = from; i < to; i++) {
    if (inline) out.push(chain.rules[i]);
    else out.push(cache.get(key(Math.floor(i / PAGE)))?.[i % PAGE]);
  }
  return out;
}
