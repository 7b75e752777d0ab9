import type { TableName } from "@nfx/model";

/** One rule as the search sees it: where it is and its text (`-A CHAIN ...`, as iptables-save prints it). */
export interface SearchEntry {
  readonly table: TableName;
  readonly chain: string;
  /** 0-based position in its chain. */
  readonly index: number;
  readonly text: string;
}

export interface SearchHit extends SearchEntry {}

/**
 * Every rule's text lower-cased in one string, with where each rule starts. Built once per ruleset; a query
 * is then a few `indexOf` scans over one flat string, which stays well under a frame for 80,000 rules.
 */
export interface SearchIndex {
  readonly entries: readonly SearchEntry[];
  readonly haystack: string;
  readonly starts: Int32Array;
}

export function buildSearchIndex(entries: readonly SearchEntry[]): SearchIndex {
  const starts = new Int32Array(entries.length);
  const parts: string[] = new Array(entries.length);
  let offset = 0;
  for (let i = 0; i < entries.length; i++) {
    starts[i] = offset;
    const e = entries[i]!;
    parts[i] = `${e.table} ${e.text.toLowerCase()}`;
    offset += parts[i]!.length + 1;
  }
  return { entries, haystack: parts.join("\n"), starts };
}

function entryAt(starts: Int32Array, pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Rules whose text holds every word of `query` (case-insensitive): an address (`10.96.0.10`), a port
 * (`6379`), a chain (`KUBE-SVC-`), words of a comment. Returns at most `limit` hits in ruleset order and
 * how many there are in all.
 */
export function searchRules(index: SearchIndex, query: string, limit = 200): { hits: SearchHit[]; total: number } {
  return findLines(index, query, limit);
}

/**
 * The entries of a flat index (one lower-cased line per entry, `starts` where each begins) whose line holds
 * every word of `query`, in index order: the longest word is found by `indexOf` over the one string, the
 * others are checked on the lines it lands in. Shared by the rule search and the chain search.
 */
export function findLines<E>(
  index: { readonly entries: readonly E[]; readonly haystack: string; readonly starts: Int32Array },
  query: string,
  limit: number,
): { hits: E[]; total: number } {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { hits: [], total: 0 };
  const [first, ...rest] = [...words].sort((a, b) => b.length - a.length);
  const { haystack, starts, entries } = index;
  const hits: E[] = [];
  let total = 0;
  let last = -1;
  let pos = haystack.indexOf(first!);
  while (pos >= 0) {
    const i = entryAt(starts, pos);
    const end = i + 1 < starts.length ? starts[i + 1]! - 1 : haystack.length;
    if (i !== last) {
      last = i;
      const line = haystack.slice(starts[i]!, end);
      if (rest.every((w) => line.includes(w))) {
        total++;
        if (hits.length < limit) hits.push(entries[i]!);
      }
    }
    pos = haystack.indexOf(first!, end);
  }
  return { hits, total };
}
