import type { TableName } from "@nfx/model";
import { findLines } from "./find-lines";
import { chainName, chainTable, type RulesetIndex } from "./ruleset-index";

/** One rule the search found: where it is and its text (`-A CHAIN ...`, as iptables-save prints it). */
export interface SearchHit {
  readonly table: TableName;
  readonly chain: string;
  /** 0-based position in its chain. */
  readonly index: number;
  readonly text: string;
}

/**
 * Rules whose text holds every word of `query` (case-insensitive): an address (`10.96.0.10`), a port
 * (`6379`), a chain (`KUBE-SVC-`), words of a comment. Returns at most `limit` hits in ruleset order and
 * how many there are in all.
 */
export function searchRules(index: RulesetIndex, query: string, limit = 200): { hits: SearchHit[]; total: number } {
  const { rules, chains } = index;
  const found = findLines(rules.text, rules.starts, query, limit);
  const hits = found.lines.map((i): SearchHit => {
    const chain = rules.chainOf[i]!;
    const start = rules.starts[i]!;
    let end = rules.text.indexOf("\n", start);
    if (end < 0) end = rules.text.length;
    return {
      table: chainTable(chains, chain),
      chain: chainName(chains, chain),
      index: rules.positionOf[i]!,
      text: rules.text.slice(start, end).trimEnd(),
    };
  });
  return { hits, total: found.total };
}
