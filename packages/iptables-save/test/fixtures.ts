import { existsSync } from "node:fs";
import { join } from "node:path";

const repo = join(import.meta.dirname, "..", "..", "..");

/**
 * The real-sized rulesets of the shared perf folder, which sits beside the repository (on a developer's
 * machine and in CI alike). Missing means a broken checkout, so it fails rather than skipping.
 */
export const PERF = process.env.NFX_PERF_DIR
  ? join(process.env.NFX_PERF_DIR, "rulesets")
  : join(repo, "..", "shared", "perf", "rulesets");
if (!existsSync(PERF)) throw new Error(`the shared perf rulesets are missing: ${PERF} (set NFX_PERF_DIR)`);

/** The kernel's recorded samples, kept in the repository. */
export const CONFORMANCE = join(repo, "conformance", "kernel");
