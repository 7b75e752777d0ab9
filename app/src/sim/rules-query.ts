import type { KernelTrace } from "@nfx/kernel-trace";
import type { TableName } from "@nfx/model";
import type {
  ChainHit,
  KubeNftService,
  KubeService,
  KubeServiceEntry,
  RulesetEdit,
  SearchHit,
} from "@nfx/ruleset-edit";
import type { NftRuleHit } from "./nft-search";
import type { ChainView, DiagnosticView, RuleView, TextRef } from "./ruleset-views";

/**
 * Questions the page asks about the ruleset. The worker keeps the parsed ruleset of the last simulated
 * revision, so a 9 MB ruleset is parsed once there and the page only receives what it shows. Queries about
 * the current ruleset name its revision; an answer for another revision comes back as `stale`.
 */
export type RulesQuery =
  /** Parse a text the user typed or pasted, without applying it. */
  | { readonly kind: "parse"; readonly text: string }
  /** Parse native nftables text (or `nft -j` JSON) the user typed or pasted, without applying it. */
  | { readonly kind: "parse-nft"; readonly text: string }
  /** Apply an edit to `text` (the applied ruleset); the answer is the new text. */
  | { readonly kind: "edit"; readonly text: string; readonly edit: RulesetEdit }
  | {
      readonly kind: "rows";
      readonly revision: number;
      readonly table: TableName;
      readonly chain: string;
      readonly from: number;
      readonly to: number;
    }
  | { readonly kind: "search"; readonly revision: number; readonly text: string; readonly limit: number }
  /** Chains of every table by name, service name or comment (a node has 178,795; the picker lists a few hundred). */
  | {
      readonly kind: "chains";
      readonly revision: number;
      readonly text: string;
      readonly limit: number;
      /** Only this table's chains (the rule form's jump targets). */
      readonly table?: TableName;
    }
  | { readonly kind: "kube"; readonly revision: number; readonly table: TableName; readonly chain: string }
  /**
   * A page of the services of kube-proxy's iptables mode (nat) whose name, cluster IP or node port holds `text`:
   * `limit` of them from `offset`, each with its endpoints.
   */
  | {
      readonly kind: "kube-services";
      readonly revision: number;
      readonly text: string;
      readonly offset: number;
      readonly limit: number;
    }
  /** The same page of the services of kube-proxy's nftables tables. */
  | {
      readonly kind: "kube-nft";
      readonly revision: number;
      readonly text: string;
      readonly offset: number;
      readonly limit: number;
    }
  /** The ruleset for export: iptables-save text (loadable by iptables-restore) or a script of commands. */
  | { readonly kind: "export"; readonly revision: number; readonly as: "save" | "commands" };

export type RulesQueryAnswer =
  | {
      readonly kind: "parse";
      readonly diagnostics: readonly DiagnosticView[];
      readonly format: "iptables-save" | "script";
      readonly ruleCount: number;
    }
  | {
      readonly kind: "parse-nft";
      readonly diagnostics: readonly DiagnosticView[];
      readonly language: "nft" | "nft-json";
      readonly ruleCount: number;
    }
  /** `textId`: the worker keeps the new text under this id, so the next simulation can name it. */
  | { readonly kind: "edit"; readonly ok: true; readonly text: string; readonly textId?: number }
  | { readonly kind: "edit"; readonly ok: false; readonly reason: string }
  /**
   * Only on the wire: an edit whose result is too large for the page (ruleset-source.ts): the worker keeps the
   * text under `textId` and sends it as a Blob, which the page holds as a `RulesetHandle`.
   */
  | {
      readonly kind: "edit-blob";
      readonly textId: number;
      readonly blob: Blob;
      readonly bytes: number;
      readonly rules: number;
    }
  /** A scenario file built in the worker, which holds the ruleset's text (`scenario-file`). */
  | { readonly kind: "file"; readonly blob: Blob }
  /**
   * A scenario file read in the worker (`read-scenario`): valid, with its ruleset inline, or (a large one) kept
   * under `textId` and sent back as a Blob; or why it could not be opened.
   */
  | {
      readonly kind: "scenario";
      readonly scenario: unknown;
      readonly ruleset:
        | { readonly kind: "inline" }
        | { readonly kind: "held"; readonly textId: number; readonly blob: Blob; readonly rules: number };
    }
  | { readonly kind: "scenario-error"; readonly reason: "not-json"; readonly message: string }
  | { readonly kind: "scenario-error"; readonly reason: "invalid"; readonly errors: readonly string[] }
  | { readonly kind: "rows"; readonly from: number; readonly rows: readonly RuleView[] }
  /** `nft`: the scenario's native rules that match, listed after the iptables ones. */
  | {
      readonly kind: "search";
      readonly hits: readonly SearchHit[];
      readonly total: number;
      readonly nft: { readonly hits: readonly NftRuleHit[]; readonly total: number };
    }
  | { readonly kind: "chains"; readonly hits: readonly ChainHit[]; readonly total: number }
  | { readonly kind: "kube"; readonly service: KubeService | null }
  /** `offset`: where the page begins (the last page's start when the one asked for is past the end). */
  | {
      readonly kind: "kube-services";
      readonly services: readonly (KubeServiceEntry & KubeService)[];
      readonly total: number;
      readonly offset: number;
    }
  | {
      readonly kind: "kube-nft";
      readonly services: readonly KubeNftService[];
      readonly total: number;
      readonly offset: number;
    }
  | { readonly kind: "export"; readonly text: string }
  /** A real host's trace read against the scenario's rulesets (`kernel-trace`). */
  | { readonly kind: "kernel-trace"; readonly trace: KernelTrace }
  /** One chain of the current ruleset, when the view left it out (`SimView.complete`); null: no such chain. */
  | { readonly kind: "chain"; readonly chain: ChainView | null }
  | { readonly kind: "stale"; readonly revision: number }
  | { readonly kind: "failed"; readonly message: string }
  /** Only on the wire: the query named a text the worker no longer holds; the client sends it again. */
  | { readonly kind: "missing-text"; readonly textId: number };

/** A query as it travels: the texts of `parse` and `edit` as `TextRef`s, so a text the worker holds is not copied again. */
export type WireQuery =
  | Exclude<RulesQuery, { readonly kind: "parse" | "parse-nft" | "edit" }>
  | ChainQuery
  | { readonly kind: "parse"; readonly ruleset: TextRef }
  | { readonly kind: "parse-nft"; readonly ruleset: TextRef }
  | { readonly kind: "edit"; readonly ruleset: TextRef; readonly edit: RulesetEdit }
  /**
   * A scenario file (JSON) for a scenario whose ruleset the worker holds: `scenario` is the document with an
   * empty ruleset, which `ruleset` fills. Built where the text is, so the page never holds it.
   */
  | { readonly kind: "scenario-file"; readonly scenario: unknown; readonly ruleset: TextRef }
  /** A scenario file the user opened, read and validated where a large ruleset in it may stay (`textId`). */
  | { readonly kind: "read-scenario"; readonly file: Blob; readonly textId: number }
  /**
   * A real host's trace (`nft monitor trace`, `xtables-monitor --trace`) read against the scenario's rulesets,
   * where their texts are: a node's dump never comes to the page.
   */
  | { readonly kind: "kernel-trace"; readonly trace: string; readonly ruleset: TextRef; readonly nftables?: TextRef };

/** Asks for one chain of the ruleset simulated at `revision` (its policy and rule count, without its rules). */
export interface ChainQuery {
  readonly kind: "chain";
  readonly revision: number;
  readonly table: TableName;
  readonly chain: string;
}
