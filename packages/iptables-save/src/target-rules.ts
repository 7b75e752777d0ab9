import type { HookName, TableName, TargetKind } from "@nfx/model";

/** Where a target may be used (semantics 5.5, from `xt_check_target`'s `.table` and `.hooks`). */
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
