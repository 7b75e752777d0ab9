import type { MatchModuleName } from "./match";
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

/**
 * The hooks a match module may be used from, when its `struct xt_match` registration limits them
 * (`xt_check_match`): the owner of the sending socket exists only on the way out, the source MAC only on the way
 * in. A rule using one elsewhere (directly, or in a user chain some base chain reaches) is refused by the kernel.
 */
export const MATCH_HOOKS: Partial<Readonly<Record<MatchModuleName, readonly HookName[]>>> = {
  owner: ["OUTPUT", "POSTROUTING"],
  mac: ["PREROUTING", "INPUT", "FORWARD"],
};
