import { nativeTableLabel } from "@nfx/engine";

/**
 * How traces, counters and the diagram name a native table (issue 10, item 4), as the engine names it: `filter`
 * for `table ip filter` (the same kernel table as iptables-nft's), `inet fw` for the others. The families the
 * engine does not simulate are named the same way, for the lists.
 */
export function nftTableKey(family: string, table: string): string {
  return family === "ip" || family === "inet" ? nativeTableLabel(family, table) : `${family} ${table}`;
}
