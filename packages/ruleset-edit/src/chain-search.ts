import type { TableName } from "@nfx/model";
import { lineAt, queryWords } from "./find-lines";
import { chainComment, chainName, chainNameEnd, chainTable, type RulesetIndex } from "./ruleset-index";

function lineEnd(text: string, from: number): number {
  const end = text.indexOf("\n", from);
  return end < 0 ? text.length : end;
}

/** One chain as the chain search finds it. */
export interface ChainHit {
  readonly table: TableName;
  readonly chain: string;
  readonly ruleCount: number;
  /** The first comment of its rules: for kube-proxy's chains, the service (`ns-1/web:http`). */
  readonly comment: string | null;
}

/**
 * Chains whose table, name or first comment (ruleset-index.ts) hold every word of `query` (case-insensitive):
 * `KUBE-SVC-NPX`, `svc-42`, `default/kubernetes`. A chain named exactly as the query comes first; the rest in
 * ruleset order. The longest word is sought over the whole text; a match counts when it lies in a chain's name
 * (its `:NAME` line) or in its first comment. With `table`, only that table's chains (a jump's targets).
 */
export function searchChains(
  index: RulesetIndex,
  query: string,
  limit = 50,
  table?: TableName,
): { hits: ChainHit[]; total: number } {
  const q = queryWords(query);
  const { text, chains, rules } = index;
  if (!q || chains.starts.length === 0) return { hits: [], total: 0 };
  const seen = new Uint8Array(chains.starts.length);
  const found: number[] = [];
  const { first: re, rest } = q;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const from = m.index;
    const to = from + m[0].length;
    const decl = lineAt(chains.starts, from);
    const rule = lineAt(rules.starts, from);
    let chain = -1;
    if (decl >= 0 && (rule < 0 || chains.starts[decl]! > rules.starts[rule]!)) {
      // In a `:NAME` line: a match in the name.
      const nameEnd = chainNameEnd(index, decl);
      if (from > chains.starts[decl]! && to <= nameEnd) chain = decl;
      re.lastIndex = Math.max(re.lastIndex, nameEnd);
    } else if (rule >= 0) {
      // In a rule line (or what follows it): a match in its chain's first comment, if that is here.
      const c = rules.chainOf[rule]!;
      const start = chains.commentStarts[c]!;
      if (start >= rules.starts[rule]! && from >= start && to <= chains.commentEnds[c]!) chain = c;
      else if (!seen[c] && start > from && start < text.indexOf("\n", from)) re.lastIndex = start;
      else re.lastIndex = lineEnd(text, from);
    }
    if (chain < 0 || seen[chain]) continue;
    seen[chain] = 1;
    if (table && chainTable(index, chain) !== table) continue;
    if (rest.length) {
      const words = `${chainTable(index, chain)} ${chainName(index, chain)} ${chainComment(index, chain) ?? ""}`;
      const lower = words.toLowerCase();
      if (!rest.every((w) => lower.includes(w))) continue;
    }
    found.push(chain);
  }
  // Found in the text's order, which puts a chain found by its comment after later chains' names.
  found.sort((a, b) => a - b);
  const exact = query.trim();
  const named = found.filter(
    (i) => chainNameEnd(index, i) - chains.starts[i]! - 1 === exact.length && chainName(index, i) === exact,
  );
  const order = named.length ? [...named, ...found.filter((i) => !named.includes(i))] : found;
  const hits = order.slice(0, limit).map(
    (i): ChainHit => ({
      table: chainTable(index, i),
      chain: chainName(index, i),
      ruleCount: chains.ruleCounts[i]!,
      comment: chainComment(index, i),
    }),
  );
  return { hits, total: found.length };
}
