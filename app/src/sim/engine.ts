import type { SimAnswer } from "./protocol";
import type { RulesQuery, RulesQueryAnswer } from "./rules-query";

/**
 * The engine as the app sees it, whatever carries it: a web worker in the browser, a direct call in unit
 * tests. Callers get answers as values and never see exceptions.
 */
export interface Engine {
  simulate(revision: number, scenario: unknown): Promise<SimAnswer>;
  /** Asks about the ruleset the worker holds (see rules-query.ts); failures come back as `failed`. */
  query(query: RulesQuery): Promise<RulesQueryAnswer>;
  /** Stops any work and frees the transport. */
  dispose(): void;
}
