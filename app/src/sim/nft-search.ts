import type { NftView } from "./nft-view";

/** A native nftables rule the rule search found. */
export interface NftRuleHit {
  readonly family: string;
  readonly table: string;
  readonly chain: string;
  /** Its base chain's hook (`input`), null for a regular chain. */
  readonly hook: string | null;
  /** 0-based position in its chain. */
  readonly index: number;
  /** The rule as `nft list ruleset` prints it. */
  readonly text: string;
}

/**
 * Native rules whose printed text (or table and chain) holds every word of `query`, in any case: the first `limit`
 * and how many in all. Reads the lists' view, printed once per parse in the worker, so it keeps no index of its
 * own; a kube-proxy nftables node's rules are tens of thousands, read in a few milliseconds.
 */
export function searchNftRules(view: NftView, query: string, limit: number): { hits: NftRuleHit[]; total: number } {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits: NftRuleHit[] = [];
  let total = 0;
  if (words.length === 0) return { hits, total };
  for (const table of view.tables)
    for (const chain of table.chains) {
      const where = `${table.family} ${table.name} ${chain.name}`.toLowerCase();
      chain.rules.forEach((rule, index) => {
        const text = rule.text.toLowerCase();
        if (!words.every((w) => text.includes(w) || where.includes(w))) return;
        total++;
        if (hits.length < limit)
          hits.push({
            family: table.family,
            table: table.name,
            chain: chain.name,
            hook: chain.base?.hook ?? null,
            index,
            text: rule.text,
          });
      });
    }
  return { hits, total };
}
