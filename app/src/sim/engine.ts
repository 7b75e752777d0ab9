import type { EndpointPins, SimAnswer } from "./protocol";
import type { RulesQuery, RulesQueryAnswer } from "./rules-query";

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
   * Parses a file the user opened: `bytes` are handed to the worker without copying (the buffer is detached
   * afterwards) and `text`, the same content decoded, is remembered as what the worker holds, so simulating
   * it later does not copy it again. Answers like a `parse` query.
   */
  load(text: string, bytes: ArrayBuffer): Promise<RulesQueryAnswer>;
  /** Stops whatever is computing; its requests answer `stopped` (simulations) or `failed` (queries). */
  stop(): void;
  /** Stops any work and frees the transport. */
  dispose(): void;
}
