import type { Policy, Rule, TableName } from "@nfx/model";

/**
 * One change to a ruleset, as a value. Positions are 0-based indexes into the chain's rules (iptables numbers
 * from 1; the UI adds one when it prints). Every edit names its table and chain, so an edit can be sent to a
 * worker, logged or replayed without any other context.
 */
export type RulesetEdit =
  /** `iptables -A`: the rule goes last. A built-in chain or table not yet declared is created, as iptables-nft does. */
  | { readonly kind: "append"; readonly table: TableName; readonly chain: string; readonly rule: Rule }
  /** `iptables -I CHAIN N`: the rule takes position `index`, the rules from there move down one. */
  | {
      readonly kind: "insert";
      readonly table: TableName;
      readonly chain: string;
      readonly index: number;
      readonly rule: Rule;
    }
  /** `iptables -D CHAIN N`. */
  | { readonly kind: "delete"; readonly table: TableName; readonly chain: string; readonly index: number }
  /** A reorder: the rule at `from` ends at `to` (what a delete and an insert do, in one step). */
  | {
      readonly kind: "move";
      readonly table: TableName;
      readonly chain: string;
      readonly from: number;
      readonly to: number;
    }
  /** `iptables -R CHAIN N`. */
  | {
      readonly kind: "replace";
      readonly table: TableName;
      readonly chain: string;
      readonly index: number;
      readonly rule: Rule;
    }
  /** `iptables -P`: built-in chains only. */
  | { readonly kind: "set-policy"; readonly table: TableName; readonly chain: string; readonly policy: Policy }
  /** `iptables -N`. */
  | { readonly kind: "create-chain"; readonly table: TableName; readonly chain: string }
  /** `iptables -E`: every `-j`/`-g` to the chain follows the new name. */
  | { readonly kind: "rename-chain"; readonly table: TableName; readonly chain: string; readonly to: string }
  /** `iptables -X`: refused while a rule jumps to the chain; its own rules go with it (iptables-nft flushes first). */
  | { readonly kind: "delete-chain"; readonly table: TableName; readonly chain: string };

/** The edit as the iptables command that would make it (for undo labels and logs). */
export function describeEdit(edit: RulesetEdit): string {
  const t = edit.table === "filter" ? "iptables" : `iptables -t ${edit.table}`;
  switch (edit.kind) {
    case "append":
      return `${t} -A ${edit.chain}`;
    case "insert":
      return `${t} -I ${edit.chain} ${edit.index + 1}`;
    case "delete":
      return `${t} -D ${edit.chain} ${edit.index + 1}`;
    case "move":
      return `move ${edit.table} ${edit.chain} ${edit.from + 1} -> ${edit.to + 1}`;
    case "replace":
      return `${t} -R ${edit.chain} ${edit.index + 1}`;
    case "set-policy":
      return `${t} -P ${edit.chain} ${edit.policy}`;
    case "create-chain":
      return `${t} -N ${edit.chain}`;
    case "rename-chain":
      return `${t} -E ${edit.chain} ${edit.to}`;
    case "delete-chain":
      return `${t} -X ${edit.chain}`;
  }
}
