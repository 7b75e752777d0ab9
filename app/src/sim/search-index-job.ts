import type { ParseResult } from "@nfx/iptables-save";
import { indexFromRuleset, type RulesetIndex, SaveTextScan } from "@nfx/ruleset-edit";

/** Runs `fn` soon, after the messages already waiting: how a worker yields between steps of a long job. */
export type Later = (fn: () => void) => void;

/** Lines read per step between clock checks; a step ends after about `SLICE_MS`. */
const LINES = 2000;
const SLICE_MS = 8;

/**
 * The search index of one parse, built in steps after the ruleset is loaded so the first search finds it ready,
 * and finished at once when a search comes first. A plain iptables-save text is indexed from its own lines
 * (@nfx/ruleset-edit's SaveTextScan: no rule is printed or parsed again); a script, or a text whose parse had
 * errors (the parser leaves bad lines out, so lines and rules would not line up), from the parsed ruleset.
 */
export class SearchIndexJob {
  private scan: SaveTextScan | null;
  private index: RulesetIndex | null = null;

  constructor(
    private readonly parsed: ParseResult,
    text: string | undefined,
  ) {
    const plain =
      text !== undefined &&
      parsed.format === "iptables-save" &&
      !parsed.diagnostics.some((d) => d.severity === "error");
    this.scan = plain ? new SaveTextScan(text) : null;
  }

  /** The index, finishing it now if it is not ready. */
  get(): RulesetIndex {
    while (!this.index) this.step(Number.POSITIVE_INFINITY);
    return this.index;
  }

  /** Builds for about `SLICE_MS`, then asks `later` to go on, until done. */
  runInBackground(later: Later, now: () => number = () => performance.now()): void {
    const slice = () => {
      if (this.index) return;
      const until = now() + SLICE_MS;
      while (!this.index && now() < until) this.step(LINES);
      if (!this.index) later(slice);
    };
    later(slice);
  }

  private step(lines: number): void {
    if (this.index) return;
    const s = this.scan?.step(lines) ?? "not-plain";
    if (s === "more") return;
    this.scan = null;
    this.index = s === "not-plain" ? indexFromRuleset(this.parsed.ruleset) : s;
  }
}
