/** What the services lists search by. */
interface Searchable {
  readonly name: string | null;
  readonly clusterIp: string | null;
  readonly nodePort: string | null;
}

/**
 * One page of a services list: those whose name, cluster IP or node port holds `text` (any case), `limit` of them
 * from `offset`. An offset past the end (the list shrank under a search) falls back to the last page.
 */
export function servicePage<S extends Searchable>(
  all: readonly S[],
  text: string,
  offset: number,
  limit: number,
): { readonly page: readonly S[]; readonly total: number; readonly offset: number } {
  const needle = text.trim().toLowerCase();
  const found = needle
    ? all.filter((s) => [s.name, s.clusterIp, s.nodePort].some((f) => f?.toLowerCase().includes(needle)))
    : all;
  const size = Math.max(1, limit);
  const last = Math.max(0, Math.ceil(found.length / size) - 1) * size;
  const from = Math.min(Math.max(0, Math.floor(offset / size) * size), last);
  return { page: found.slice(from, from + size), total: found.length, offset: from };
}
