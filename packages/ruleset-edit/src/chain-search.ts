import type { TableName } from "@nfx/model";
import { findLines } from "./find-lines";
import { chainName, chainTable, type RulesetIndex } from "./ruleset-index";

/** One chain as the chain search finds it. */
export interface ChainHit {
  readonly table: TableName;
  readonly chain: string;
  readonly ruleCount: number;
  /** The first comment of its rules: for kube-proxy's chains, the service (`ns-1/web:http`). */
  readonly comment: string | null;
}

/**
 * Chains whose table, name or first comments (ruleset-index.ts) hold every word of `query` (case-insensitive):
 * `KUBE-SVC-NPX`, `svc-42`, `default/kubernetes`. A chain named exactly as the query comes first; the rest in
 * ruleset order.
 */
export function searchChains(index: RulesetIndex, query: string, limit = 50): { hits: ChainHit[]; total: number } {
  const { chains } = index;
  const q = query.trim();
  const named = (i: number) => chains.nameEnds[i]! - chains.starts[i]! === q.length + chainTable(chains, i).length + 1;
  const found = findLines(chains.text, chains.starts, query, limit, (i) => named(i) && chainName(chains, i) === q);
  const hits = found.lines.map(
    (i): ChainHit => ({
      table: chainTable(chains, i),
      chain: chainName(chains, i),
      ruleCount: chains.ruleCounts[i]!,
      comment:
        chains.commentEnds[i]! > chains.nameEnds[i]!
          ? chains.text.slice(chains.nameEnds[i]! + 1, chains.commentEnds[i])
          : null,
    }),
  );
  return { hits, total: found.total };
}
