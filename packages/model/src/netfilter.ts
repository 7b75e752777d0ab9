/** The tables iptables knows, in the kernel's priority order at a shared hook. */
export const TABLES = ["raw", "mangle", "nat", "filter", "security"] as const;
export type TableName = (typeof TABLES)[number];

/** The five IPv4 netfilter hooks, in the order iptables-save prints their chains. */
export const HOOKS = ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"] as const;
export type HookName = (typeof HOOKS)[number];

export type Policy = "ACCEPT" | "DROP";

/** The built-in chains (hooks) each table has, as iptables-nft defines them (`iptables/nft.c xtables_ipv4`). */
export const TABLE_HOOKS: Readonly<Record<TableName, readonly HookName[]>> = {
  raw: ["PREROUTING", "OUTPUT"],
  mangle: ["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"],
  nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"],
  filter: ["INPUT", "FORWARD", "OUTPUT"],
  security: ["INPUT", "FORWARD", "OUTPUT"],
};

/** True when `chain` is a built-in chain of `table` (a hook that table registers). */
export function isBuiltinChain(table: TableName, chain: string): chain is HookName {
  return (TABLE_HOOKS[table] as readonly string[]).includes(chain);
}

export function isTableName(name: string): name is TableName {
  return (TABLES as readonly string[]).includes(name);
}
