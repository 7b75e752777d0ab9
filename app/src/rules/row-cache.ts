import type { TableName } from "@nfx/model";
import type { Engine } from "../sim/engine";
import type { RuleView } from "../sim/protocol";

export const ROW_PAGE = 200;
/** Pages kept before the cache starts over (a page of a 9 MB ruleset is ~50 KB of rule models). */
const KEEP_PAGES = 400;

/**
 * Pages of rule rows asked of one engine, by revision, chain and page: one per rules controller (so per app
 * store). Many rows of one page ask once; every mounted user is told when a page arrives.
 */
export interface RowCache {
  page(revision: number, table: TableName, chain: string, page: number): readonly RuleView[] | undefined;
  /** Asks for a page unless it is here or on its way. */
  request(revision: number, table: TableName, chain: string, page: number): void;
  subscribe(listener: () => void): () => void;
}

export function createRowCache(engine: Engine): RowCache {
  const pages = new Map<string, readonly RuleView[]>();
  const asked = new Set<string>();
  const listeners = new Set<() => void>();
  const key = (revision: number, table: string, chain: string, page: number) => `${revision}|${table}|${chain}|${page}`;
  return {
    page: (revision, table, chain, page) => pages.get(key(revision, table, chain, page)),
    request(revision, table, chain, page) {
      const k = key(revision, table, chain, page);
      if (pages.has(k) || asked.has(k)) return;
      asked.add(k);
      const from = page * ROW_PAGE;
      void engine.query({ kind: "rows", revision, table, chain, from, to: from + ROW_PAGE }).then((a) => {
        asked.delete(k);
        if (a.kind !== "rows") return;
        if (pages.size > KEEP_PAGES) pages.clear();
        pages.set(k, a.rows);
        for (const l of listeners) l();
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
