/**
 * The kernel's steps for one packet beside the engine's trace of the same packet: the first step where they
 * part. The kernel traces from the chain where tracing was switched on (a TRACE rule, `meta nftrace set 1`),
 * so the engine's steps before that chain are set aside, and said.
 */
import type { KernelStep } from "./replay";

export type Comparison =
  | { readonly kind: "same"; readonly steps: number; readonly skipped: number }
  | {
      readonly kind: "differs";
      /** Index in the kernel's steps (and in the engine's, after `skipped`). */
      readonly index: number;
      /** null: the kernel's trace ends here (the engine goes on). */
      readonly kernel: KernelStep | null;
      /** null: the engine's trace ends here (the kernel goes on). */
      readonly engine: string | null;
      /** Engine steps before the kernel's first traced chain, not compared. */
      readonly skipped: number;
    };

interface Parsed {
  readonly where: string;
  readonly kind: string;
  readonly position: string;
  readonly verdict: string;
}

/** `inet fw:input:rule:3:JUMP:web` -> its parts (table names hold no colon). */
function parse(step: string): Parsed {
  const [table = "", chain = "", kind = "", ...rest] = step.split(":");
  const ruleKind = kind === "rule";
  return {
    where: `${table}:${chain}`,
    kind,
    position: ruleKind ? (rest[0] ?? "") : "",
    verdict: (ruleKind ? rest.slice(1) : rest).join(":"),
  };
}

function same(kernel: KernelStep, engine: string): boolean {
  const k = parse(kernel.step);
  const e = parse(engine);
  // A rule whose position the trace could not tell is compared by its chain and verdict.
  const position = kernel.position === null || k.position === e.position;
  return k.where === e.where && k.kind === e.kind && k.verdict === e.verdict && position;
}

export function firstDifference(kernel: readonly KernelStep[], engine: readonly string[]): Comparison {
  const first = kernel[0];
  const start = first ? engine.findIndex((e) => parse(e).where === `${first.table}:${first.chain}`) : 0;
  const skipped = Math.max(start, 0);
  const rest = engine.slice(skipped);
  const n = Math.max(kernel.length, rest.length);
  for (let i = 0; i < n; i++) {
    const k = kernel[i] ?? null;
    const e = rest[i] ?? null;
    if (k === null || e === null || !same(k, e)) return { kind: "differs", index: i, kernel: k, engine: e, skipped };
  }
  return { kind: "same", steps: kernel.length, skipped };
}
