import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The repository's conformance directory (kernel goldens and the corpus). */
export const CONFORMANCE = join(import.meta.dirname, "..", "..", "..", "conformance");

/** Every file under `dir` whose name ends with `suffix`, depth first, in name order. */
export function filesUnder(dir: string, suffix: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return filesUnder(path, suffix);
      return name.endsWith(suffix) ? [path] : [];
    });
}
