import type { Ruleset, TableName } from "@nfx/model";
import { findLines } from "./search";

/** One chain as the chain search finds it. */
export interface ChainHit {
  readonly table: TableName;
  readonly chain: string;
  readonly ruleCount: number;
  /** The first comment of its rules: for kube-proxy's chains, the service (`ns-1/web:http`). */
  readonly comment: string | null;
}

/**
 * Every chain of a ruleset in one lower-cased string, one line per chain: its table, its name and the distinct
 * comments of its rules (at most `COMMENTS_PER_CHAIN`: kube-proxy writes the service's name on every rule, so
 * the first few name it; a chain of a thousand hand-written comments is still found by its first ones).
 * Building it reads each rule's matches once and prints nothing, so it is cheap next to the rule index.
 */
export interface ChainIndex {
  readonly entries: readonly ChainHit[];
  readonly haystack: string;
  readonly starts: Int32Array;
}

const COMMENTS_PER_CHAIN = 4;

export function buildChainIndex(ruleset: Ruleset): ChainIndex {
  const entries: ChainHit[] = [];
  const parts: string[] = [];
  for (const table of ruleset.tables)
    for (const chain of table.chains) {
      const comments: string[] = [];
      for (const rule of chain.rules) {
        for (const m of rule.matches)
          if (m.module === "comment" && !comments.includes(m.comment)) comments.push(m.comment);
        if (comments.length >= COMMENTS_PER_CHAIN) break;
      }
      entries.push({
        table: table.name,
        chain: chain.name,
        ruleCount: chain.rules.length,
        comment: comments[0] ?? null,
      });
      parts.push(`${table.name} ${chain.name} ${comments.join(" ")}`.toLowerCase().replaceAll("\n", " "));
    }
  const starts = new Int32Array(parts.length);
  let offset = 0;
  for (let i = 0; i < parts.length; i++) {
    starts[i] = offset;
    offset += parts[i]!.length + 1;
  }
  return { entries, haystack: parts.join("\n"), starts };
}

/**
 * Chains whose table, name or comments hold every word of `query` (case-insensitive): `KUBE-SVC-NPX`,
 * `svc-42`, `default/kubernetes`. A chain named exactly as the query comes first; the rest in ruleset order.
 */
export function searchChains(index: ChainIndex, query: string, limit = 50): { hits: ChainHit[]; total: number } {
  const found = findLines(index, query, limit);
  const q = query.trim();
  const exact = index.entries.filter((e) => e.chain === q);
  if (exact.length === 0) return found;
  // An exact name is one of the lines found (its line holds its name), so the total already counts it.
  const rest = found.hits.filter((h) => h.chain !== q);
  return { hits: [...exact, ...rest].slice(0, limit), total: found.total };
}
