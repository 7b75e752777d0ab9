import type { EndpointPins, OpenProgress, SimAnswer } from "./protocol";
import type { RulesQuery, RulesQueryAnswer } from "./rules-query";

/** The parse of a file the user opened, as a `parse` query answers it. */
export type ParseAnswer = Extract<RulesQueryAnswer, { kind: "parse" }>;

/** How opening a file ended. */
export type OpenOutcome =
  /** Read and parsed; `text` is the file's content, for the store (applied when `parse` has no errors). */
  | { readonly kind: "parsed"; readonly text: string; readonly parse: ParseAnswer }
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
  query(query: RulesQuery): Promise<RulesQueryAnswer>;
  /**
   * Opens a file the user chose: it is read as a stream and parsed in the worker, with `onProgress` told how
   * far it has come. Until it is done the current ruleset stays in force, and `cancel` leaves it so.
   */
  open(file: Blob, onProgress: (p: OpenProgress) => void): OpeningFile;
  /** Stops whatever is computing; its requests answer `stopped` (simulations) or `failed` (queries). */
  stop(): void;
  /** Stops any work and frees the transport. */
  dispose(): void;
}
