/**
 * A query as the searches run it: its longest word as one case-insensitive regular expression over the original
 * text (so no lower-cased copy of a 75 MB file is kept; V8 scans 8 MB in a few milliseconds either way), and the
 * other words, lower-cased, to check on what it lands in. Null for a query of no words.
 */
export function queryWords(query: string): { readonly first: RegExp; readonly rest: readonly string[] } | null {
  const words = query.split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  words.sort((a, b) => b.length - a.length);
  return {
    first: new RegExp(words[0]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"),
    rest: words.slice(1).map((w) => w.toLowerCase()),
  };
}

/**
 * The lines of `text` (those that begin at `starts`, ascending, each running to the next newline) that hold every
 * word of `query`, in any case, in order: the first `limit` of them and how many there are. Text between them
 * (other lines, counters before a rule) is skipped.
 */
export function findLines(
  text: string,
  starts: Int32Array,
  query: string,
  limit: number,
): { lines: number[]; total: number } {
  const q = queryWords(query);
  if (!q || starts.length === 0) return { lines: [], total: 0 };
  const { first: re, rest } = q;
  const lines: number[] = [];
  let total = 0;
  re.lastIndex = starts[0]!;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const i = lineAt(starts, m.index);
    let end = text.indexOf("\n", starts[i]!);
    if (end < 0) end = text.length;
    if (m.index + m[0].length > end) {
      // Between two lines: go on from the next one.
      if (i + 1 >= starts.length) break;
      re.lastIndex = starts[i + 1]!;
      continue;
    }
    re.lastIndex = end;
    if (rest.length) {
      const line = text.slice(starts[i]!, end).toLowerCase();
      if (!rest.every((w) => line.includes(w))) continue;
    }
    total++;
    if (lines.length < limit) lines.push(i);
  }
  return { lines, total };
}

/** The last of `starts` at or before `pos`; -1 when all are after it. */
export function lineAt(starts: Int32Array, pos: number): number {
  let lo = -1;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
