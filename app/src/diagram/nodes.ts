import type { HookName, TableName } from "@nfx/model";

/** Each table's letter on its colour strip: colour is never the only cue (diagram.md §C). */
export const TABLE_LETTER: Record<TableName, string> = { raw: "R", mangle: "M", nat: "N", filter: "F", security: "S" };

/** Kinds drive shape and colour (diagram.md §C.2). */
export type NodeKind = "table" | "ct" | "decision" | "terminal" | "junction" | "native";

/** Every node of the IPv4 network-layer diagram (diagram.md §A.2); ids are stable across rulesets. */
export type NodeId =
  | "if_in"
  | "pre.raw"
  | "pre.ct"
  | "pre.mangle"
  | "pre.nat"
  | "rt_in"
  | "in.mangle"
  | "in.filter"
  | "in.nat"
  | "in.security"
  | "in.confirm"
  | "local"
  | "gen"
  | "rt_out"
  | "out.raw"
  | "out.ct"
  | "out.mangle"
  | "out.nat"
  | "out.filter"
  | "out.security"
  | "out.reroute"
  | "fwd.mangle"
  | "fwd.filter"
  | "fwd.security"
  | "merge"
  | "post.mangle"
  | "post.nat"
  | "post.confirm"
  | "if_out"
  /** A native nftables base chain (issue 10): `nft.<hook>.<family> <table> <chain>`, present only when declared. */
  | `nft.${string}`;

const HOOK_PREFIX: Record<HookName, string> = {
  PREROUTING: "pre",
  INPUT: "in",
  FORWARD: "fwd",
  OUTPUT: "out",
  POSTROUTING: "post",
};

/** The cell where `table` runs at `hook`. */
export function tableNodeId(table: TableName, hook: HookName): NodeId {
  return `${HOOK_PREFIX[hook]}.${table}` as NodeId;
}

/** The cell of native base chain `family table chain` at `hook`. */
export function nativeNodeId(hook: HookName, family: string, table: string, chain: string): NodeId {
  return `nft.${HOOK_PREFIX[hook]}.${family} ${table} ${chain}`;
}

/** Conntrack looks packets up at PREROUTING/OUTPUT and confirms them at INPUT/POSTROUTING. */
export function conntrackNodeId(hook: HookName): NodeId {
  switch (hook) {
    case "PREROUTING":
      return "pre.ct";
    case "OUTPUT":
      return "out.ct";
    case "INPUT":
      return "in.confirm";
    default:
      return "post.confirm";
  }
}

/** Kernel priorities inside a hook (include/uapi/linux/netfilter_ipv4.h; security 150 under iptables-nft). */
export const PRIORITY: Record<TableName | "ct" | "confirm", string> = {
  raw: "−300",
  ct: "−200",
  mangle: "−150",
  nat: "",
  filter: "0",
  security: "150",
  confirm: "last",
};

export function natPriority(hook: HookName): string {
  return hook === "PREROUTING" || hook === "OUTPUT" ? "−100" : "+100";
}
