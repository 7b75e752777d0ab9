import type { HookPlan, SimulationResult } from "@nfx/engine";
import type { TableName } from "@nfx/model";
import type { NftView } from "./nft-view";
import type { RulesQueryAnswer, WireQuery } from "./rules-query";
import type { ChainView, DiagnosticView, TextRef } from "./ruleset-views";

export type { NftChainView, NftRuleView, NftTableView, NftView } from "./nft-view";
export type { ChainView, DiagnosticView, RuleView, TextRef } from "./ruleset-views";

/**
 * The wire protocol between the app and the engine worker. Every message carries the protocol version and
 * the request id; answers also carry the scenario revision they were computed for, so the client can drop
 * stale ones. Failures travel as values (`EngineError`), never as exceptions lost in the worker's console.
 */
export const PROTOCOL_VERSION = 3;

/**
 * Endpoint pins per service chain: `table:chain` -> 0-based index of the rule whose endpoint is chosen (iptables'
 * statistic cascade); `nft FAMILY TABLE:CHAIN` -> the numgen result chosen (kube-proxy's nftables mode, numgen-pins.ts).
 */
export type EndpointPins = Readonly<Record<string, number>>;

export type SimRequest =
  | {
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: number;
      readonly type: "simulate";
      readonly revision: number;
      /**
       * An untrusted scenario document; the worker validates it. Its `ruleset` is replaced by `ruleset` below,
       * its `nftables` by `nftables` when that is given.
       */
      readonly scenario: unknown;
      readonly ruleset: TextRef;
      readonly nftables?: TextRef;
      readonly pins: EndpointPins;
    }
  /**
   * A file the user opened, sent as the `File` itself (a handle: its bytes are not copied into the message).
   * The worker reads it as a stream, reporting `progress`, then parses it and keeps the text as `textId`.
   */
  | {
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: number;
      readonly type: "open";
      readonly textId: number;
      readonly file: Blob;
    }
  /** A question about the ruleset (parse a draft, apply an edit, rows, search), answered from the worker's copy. */
  | { readonly v: typeof PROTOCOL_VERSION; readonly id: number; readonly type: "query"; readonly query: WireQuery };

export type SimResponse =
  | {
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: number;
      readonly type: "result";
      readonly revision: number;
      readonly view: SimView;
    }
  | {
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: number;
      readonly type: "error";
      readonly revision: number;
      readonly error: EngineError;
    }
  | {
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: number;
      readonly type: "answer";
      readonly answer: RulesQueryAnswer;
    }
  /**
   * How far the background validation of the ruleset simulated at `revision` has come (sent unasked, id 0):
   * the worker answers a loaded ruleset once it is indexed and checks every line afterwards (validation-job.ts).
   */
  | {
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: 0;
      readonly type: "validation";
      readonly revision: number;
      readonly status: ValidationStatus;
    }
  /** How far an `open` request has come; the answer follows as an `answer`. */
  | {
      readonly v: typeof PROTOCOL_VERSION;
      readonly id: number;
      readonly type: "progress";
      readonly progress: OpenProgress;
    };

/**
 * Whether every line of the simulated ruleset has been checked. While `running`, the simulation ran on the
 * indexed ruleset and an error (with its line and column) may still turn up; `done` says how many errors the
 * whole check found: with any, iptables-restore would refuse the whole file (the page then simulates again to
 * show them, and says the result is not what the kernel would do).
 */
export type ValidationStatus =
  | { readonly state: "running"; readonly done: number; readonly total: number }
  | { readonly state: "done"; readonly errors: number };

/** Where a file being opened is: still reading (bytes and rules so far), or parsing what was read. */
export interface OpenProgress {
  readonly phase: "reading" | "parsing";
  readonly bytes: number;
  readonly total: number;
  readonly rules: number;
}

export type EngineError =
  | { readonly code: "invalid-scenario"; readonly errors: readonly { path: string; message: string }[] }
  | { readonly code: "engine-exception"; readonly message: string }
  | { readonly code: "protocol-mismatch"; readonly got: unknown }
  | { readonly code: "timeout"; readonly ms: number }
  | { readonly code: "worker-crashed"; readonly message: string }
  /** The user stopped a computation (one they had opened without a time limit). */
  | { readonly code: "stopped" }
  /** The request named a text (`TextRef` without text) the worker no longer holds. */
  | { readonly code: "missing-text"; readonly textId: number };

/** Everything the UI needs from one computation: the ruleset as parsed and the whole simulation. */
export interface SimView {
  /**
   * The ruleset's chains: all of them when `complete`; otherwise (a node's dump has 178,795, which would cost the
   * page a long task to receive at every simulation) the built-in ones, the ones a packet entered, and the
   * structural ones (chain-selection.ts). The rest are asked of the worker one at a time (`chain` queries).
   */
  readonly chains: readonly ChainView[];
  /** False when `chains` leaves some out. */
  readonly complete: boolean;
  /** How many chains each table has in all. */
  readonly chainTotals: Readonly<Partial<Record<TableName, number>>>;
  /** True when every chain carries its rules; false for rulesets too large to copy to the page. */
  readonly inline: boolean;
  /** How many rules the ruleset has in all. */
  readonly ruleCount: number;
  /** The parser's diagnostics; only those found so far while `validation` is running. */
  readonly diagnostics: readonly DiagnosticView[];
  /** Whether the ruleset's lines have all been checked (the worker goes on in the background until they are). */
  readonly validation: ValidationStatus;
  /** The scenario's native nftables ruleset as parsed; null when it has none. */
  readonly nft: NftView | null;
  /** Every hook's base chains, conntrack and NAT steps in the order the kernel runs them (@nfx/engine). */
  readonly plan: HookPlan;
  readonly result: SimulationResult;
  /**
   * The statistic answers this simulation was pinned to, keyed `table:chain:rule` (1-based), as the engine's
   * StatisticPins: the explanations say a pinned rule was decided by its pin.
   */
  readonly statisticPins: Readonly<Record<string, boolean>>;
}

/** The result of one request, as the Engine interface hands it to callers. */
export type SimAnswer =
  | { readonly ok: true; readonly revision: number; readonly view: SimView }
  | { readonly ok: false; readonly revision: number; readonly error: EngineError };

/** Narrows an incoming message; anything else (another version, garbage) is a protocol mismatch. */
export function isSimResponse(msg: unknown): msg is SimResponse {
  if (typeof msg !== "object" || msg === null) return false;
  const m = msg as Record<string, unknown>;
  return (
    m.v === PROTOCOL_VERSION &&
    typeof m.id === "number" &&
    (m.type === "result" ||
      m.type === "error" ||
      m.type === "answer" ||
      m.type === "progress" ||
      m.type === "validation")
  );
}

export function isSimRequest(msg: unknown): msg is SimRequest {
  if (typeof msg !== "object" || msg === null) return false;
  const m = msg as Record<string, unknown>;
  return (
    m.v === PROTOCOL_VERSION &&
    typeof m.id === "number" &&
    (m.type === "simulate" || m.type === "open" || m.type === "query")
  );
}
