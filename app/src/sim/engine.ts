import type { RulesetEdit } from "@nfx/ruleset-edit";
import type { EndpointPins, OpenProgress, SimAnswer, ValidationStatus } from "./protocol";
import type { ChainQuery, RulesQuery, RulesQueryAnswer } from "./rules-query";
import type { PageScenario, RulesetSource } from "./ruleset-source";

/** The parse of a file the user opened, as a `parse` query answers it. */
export type ParseAnswer = Extract<RulesQueryAnswer, { kind: "parse" }>;

/**
 * A question the page asks the engine: a `RulesQuery`, except that an edit starts from the ruleset as the page
 * holds it (text, or a handle whose text only the worker has), and a scenario file can be asked for.
 */
export type EngineQuery =
  | Exclude<RulesQuery, { readonly kind: "edit" }>
  | ChainQuery
  | { readonly kind: "edit"; readonly ruleset: RulesetSource; readonly edit: RulesetEdit }
  /** The scenario as a file (JSON), built where the ruleset's text is: a Blob, so the page never holds it. */
  | { readonly kind: "scenario-file"; readonly scenario: PageScenario }
  /** A scenario file the user opened, read in the worker: a large ruleset in it stays there (a handle). */
  | { readonly kind: "read-scenario"; readonly file: Blob; readonly name: string }
  /** A real host's trace read against the scenario's rulesets, in the worker, which holds a large one. */
  | {
      readonly kind: "kernel-trace";
      readonly trace: string;
      readonly ruleset: RulesetSource;
      readonly nftables?: string;
    };

/** The engine's answer; an applied edit gives the new ruleset as the page holds it (text, or a handle). */
export type EngineAnswer =
  | Exclude<
      RulesQueryAnswer,
      { readonly kind: "edit"; readonly ok: true } | { readonly kind: "edit-blob" } | { readonly kind: "scenario" }
    >
  | { readonly kind: "edit"; readonly ok: true; readonly ruleset: RulesetSource }
  | { readonly kind: "scenario"; readonly scenario: PageScenario };

/** How opening a file ended. */
export type OpenOutcome =
  /**
   * Read and parsed; `ruleset` is the file for the store (applied when `parse` has no errors). A large file that
   * parses cleanly comes as a handle (ruleset-source.ts): its text stays in the worker. One with errors comes as
   * text, for the editor to show them in.
   */
  | { readonly kind: "parsed"; readonly ruleset: RulesetSource; readonly parse: ParseAnswer }
  /** Larger than any browser can hold as one text (file-limit.ts): refused before reading a byte. */
  | { readonly kind: "too-large"; readonly bytes: number; readonly limit: number }
  /** The user cancelled; the engine still holds the ruleset it held before. */
  | { readonly kind: "cancelled" }
  | { readonly kind: "failed"; readonly message: string };

/** A file being opened: its outcome, and how to cancel it. */
export interface OpeningFile {
  readonly done: Promise<OpenOutcome>;
  cancel(): void;
}

/**
 * The engine as the app sees it, whatever carries it: a web worker in the browser, a direct call in unit
 * tests. Callers get answers as values and never see exceptions.
 */
export interface Engine {
  /**
   * Simulates the scenario's packets; `pins` choose which endpoint `statistic` cascades take (statistic-pins.ts).
   * `"unlimited"` lifts the time limit, for a scenario the user chose to open although it timed out before.
   */
  simulate(
    revision: number,
    scenario: unknown,
    pins?: EndpointPins,
    limit?: "limited" | "unlimited",
  ): Promise<SimAnswer>;
  /** Asks about the ruleset the worker holds (see rules-query.ts); failures come back as `failed`. */
  query(query: EngineQuery): Promise<EngineAnswer>;
  /**
   * Opens a file the user chose: it is read as a stream and parsed in the worker, with `onProgress` told how
   * far it has come. Until it is done the current ruleset stays in force, and `cancel` leaves it so.
   */
  open(file: Blob, onProgress: (p: OpenProgress) => void): OpeningFile;
  /**
   * Listens to the background check of the simulated ruleset (the view's `validation` says where it stood when
   * the view was made); returns the function that stops listening.
   */
  onValidation?(listener: (revision: number, status: ValidationStatus) => void): () => void;
  /** Stops whatever is computing; its requests answer `stopped` (simulations) or `failed` (queries). */
  stop(): void;
  /** Stops any work and frees the transport. */
  dispose(): void;
}
