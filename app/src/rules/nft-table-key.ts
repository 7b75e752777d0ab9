/**
 * How traces, counters and the diagram name a native table (issue 10, item 4): a table of family `ip` by its
 * name alone, since `table ip filter` is the same kernel table as iptables-nft's; any other as `FAMILY TABLE`.
 */
export function nftTableKey(family: string, table: string): string {
  return family === "ip" ? table : `${family} ${table}`;
}
