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

/** Every target kind: its place, or null where any table and hook may use it. A kind left out does not compile. */
export const TARGET_PLACES: Readonly<Record<TargetKind, TargetPlace | null>> = {
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
  ACCEPT: null,
  DROP: null,
  RETURN: null,
  jump: null,
  goto: null,
  LOG: null,
  NFLOG: null,
  TRACE: null,
  MARK: null,
  CONNMARK: null,
  unsupported: null,
};
