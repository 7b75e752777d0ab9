/** Normalisation of `conntrack -L` output to the answer format. */

/**
 * One `conntrack -L` line -> `PROTO [STATE] src=... [FLAGS] ... mark=0`: the protocol number, the timeout and
 * `use=` dropped, everything else kept in order. Null for lines that are not entries (the summary, blanks).
 */
export function normaliseConntrackLine(line: string): string | null {
  const tokens = line.trim().split(/\s+/);
  if (tokens.length < 4 || !/^\d+$/.test(tokens[1] ?? "") || !/^\d+$/.test(tokens[2] ?? "")) return null;
  const [proto, , , ...rest] = tokens;
  return [proto, ...rest.filter((t) => !/^use=\d+$/.test(t))].join(" ");
}

/** All entries of a `conntrack -L` listing, normalised and sorted. */
export function normaliseConntrack(listing: string): string[] {
  return listing
    .split("\n")
    .map(normaliseConntrackLine)
    .filter((l): l is string => l !== null)
    .sort();
}
