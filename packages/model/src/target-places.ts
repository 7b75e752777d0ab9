import type { HookName, TableName } from "./netfilter";
import type { TargetKind } from "./target";

/**
 * Where a target may be used: its table and, when limited, its hooks, from each target's `struct xt_target`
 * registration (`xt_check_target`); the parser, the editor and the rule form all ask this one table.
 */
export interface TargetPlace {
  readonly table: TableName;
  /** Absent: every hook. */
  readonly hooks?: readonly HookName[];
}

export const TARGET_PLACES: Partial<Readonly<Record<TargetKind, TargetPlace>>> = {
  DNAT: { table: "nat", hooks: ["PREROUTING", "OUTPUT"] },
  REDIRECT: { table: "nat", hooks: ["PREROUTING", "OUTPUT"] },
  SNAT: { table: "nat", hooks: ["INPUT", "POSTROUTING"] },
  MASQUERADE: { table: "nat", hooks: ["POSTROUTING"] },
  REJECT: { table: "filter", hooks: ["INPUT", "FORWARD", "OUTPUT"] },
  CT: { table: "raw" },
  NOTRACK: { table: "raw" },
  TOS: { table: "mangle" },
  DSCP: { table: "mangle" },
  TTL: { table: "mangle" },
};
