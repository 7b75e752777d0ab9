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
 * (`6379`), a chain (`KUBE-SVC-`), words of a comment. Returns at most `limit` hits in the text's order and
 * how many there are in all.
 */
export function searchRules(index: RulesetIndex, query: string, limit = 200): { hits: SearchHit[]; total: number } {
  const { text, rules } = index;
  const found = findLines(text, rules.starts, query, limit);
  const hits = found.lines.map((i): SearchHit => {
    const chain = rules.chainOf[i]!;
    const start = rules.starts[i]!;
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    return {
      table: chainTable(index, chain),
      chain: chainName(index, chain),
      index: rules.positionOf[i]!,
      text: text.slice(start, end).trimEnd(),
    };
  });
  return { hits, total: found.total };
}
