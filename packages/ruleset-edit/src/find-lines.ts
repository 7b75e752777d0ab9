/**
 * The lines of `text` (those that begin at `starts`, ascending, each running to the next newline) that hold every
 * word of `query`, in any case, in order: the first `limit` of them and how many there are. Lines that
 * `preferred` picks come first (a chain named exactly as asked).
 *
 * The longest word is sought with one case-insensitive regular expression over the original text, so no
 * lower-cased copy of a 75 MB file is kept (V8 scans 8 MB in a few milliseconds either way); the other words are
 * checked only on the lines it lands in. Text between the lines (chain lines, counters) is skipped.
 */
export function findLines(
  text: string,
  starts: Int32Array,
  query: string,
  limit: number,
  preferred?: (line: number) => boolean,
): { lines: number[]; total: number } {
  const words = query.split(/\s+/).filter(Boolean);
  if (words.length === 0 || starts.length === 0) return { lines: [], total: 0 };
  words.sort((a, b) => b.length - a.length);
  const re = new RegExp(words[0]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi");
  const rest = words.slice(1).map((w) => w.toLowerCase());
  const first: number[] = [];
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
    if (preferred?.(i)) first.push(i);
    else if (lines.length < limit) lines.push(i);
  }
  return { lines: [...first, ...lines].slice(0, limit), total };
}

/** The last line that begins at or before `pos`. */
function lineAt(starts: Int32Array, pos: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
