import type { SimAnswer } from "./protocol";

/**
 * The engine as the app sees it, whatever carries it: a web worker in the browser, a direct call in unit
 * tests. Callers get answers as values and never see exceptions.
 */
export interface Engine {
  simulate(revision: number, scenario: unknown): Promise<SimAnswer>;
  /** Stops any work and frees the transport. */
  dispose(): void;
}
