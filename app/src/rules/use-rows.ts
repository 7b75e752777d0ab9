import { useEffect, useState } from "react";
import type { ChainView, RuleView } from "../sim/protocol";
import { useApp } from "../state/context";
import { useRules } from "./context";
import { ROW_PAGE } from "./row-cache";

/**
 * The rows `[from, to)` of a chain: straight from the view when the ruleset is small, otherwise pages of
 * 200 asked from the worker and kept per revision in the rules controller's row cache (one per app store).
 * Rows not yet here are `undefined` (drawn as placeholders).
 */
export function useRows(chain: ChainView, from: number, to: number): (RuleView | undefined)[] {
  const inline = useApp((s) => s.view?.inline ?? true);
  const revision = useApp((s) => s.viewRevision);
  const { rows } = useRules();
  const [, bump] = useState(0);
  const first = Math.floor(from / ROW_PAGE);
  const last = Math.floor(Math.max(from, to - 1) / ROW_PAGE);
  useEffect(() => rows.subscribe(() => bump((n) => n + 1)), [rows]);
  useEffect(() => {
    if (inline) return;
    for (let p = first; p <= last; p++) rows.request(revision, chain.table, chain.name, p);
  });
  const out: (RuleView | undefined)[] = [];
  for (let i = from; i < to; i++) {
    if (inline) out.push(chain.rules[i]);
    else out.push(rows.page(revision, chain.table, chain.name, Math.floor(i / ROW_PAGE))?.[i % ROW_PAGE]);
  }
  return out;
}
