import type { LazyParse } from "@nfx/iptables-save";
import type { ValidationStatus } from "./protocol";
import type { Later } from "./search-index-job";

/** A slice of validation between messages: short, so a simulate or a search waiting behind it is not held up. */
const SLICE_MS = 8;
/** Progress is told at most this often (a node's check takes seconds: a message per slice would be noise). */
const TELL_EVERY_MS = 150;

/**
 * The full check of a ruleset answered from its index (@nfx/iptables-save's LazyParse): runs in slices through
 * `later`, after the messages already waiting, so simulations and searches go first and the search index job
 * (which queues its slices the same way) takes turns with it. `tell` hears the progress and, once, the end.
 */
export class ValidationJob {
  private started = false;

  constructor(private readonly lazy: LazyParse) {}

  get status(): ValidationStatus {
    if (this.lazy.validated) return { state: "done", errors: errorCount(this.lazy) };
    const { done, total } = this.lazy.progress;
    return { state: "running", done, total };
  }

  /** Starts the slices (once); `tell` is called with the status now and then, and when the check is done. */
  runInBackground(later: Later, tell: (s: ValidationStatus) => void, now: () => number = () => performance.now()) {
    if (this.started) return;
    this.started = true;
    let told = now();
    const slice = () => {
      if (this.lazy.validated) return tell(this.status);
      const done = this.lazy.validateUntil(now() + SLICE_MS, now);
      if (done) return tell(this.status);
      if (now() - told >= TELL_EVERY_MS) {
        told = now();
        tell(this.status);
      }
      later(slice);
    };
    later(slice);
  }
}

function errorCount(lazy: LazyParse): number {
  let n = 0;
  for (const d of lazy.diagnostics) if (d.severity === "error") n++;
  return n;
}
