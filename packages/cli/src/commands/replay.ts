import {
  compareReplay,
  formatHeader,
  type KernelStep,
  noteText,
  type ReplayedComparison,
  readKernelTrace,
  replayScenario,
} from "@nfx/kernel-trace";
import { runScenario, toAnswer } from "@nfx/scenario";
import type { Io } from "../io";
import { runScenarioFile, UserError } from "../load";
import { jsonText } from "../printable";

const USAGE =
  "usage: nfx replay SCENARIO.json TRACE.txt [--json]   (TRACE: nft monitor trace or xtables-monitor --trace output; - for stdin)";

/**
 * `nfx replay scenario.json trace.txt`: a real host's kernel trace, each event mapped to its rule, beside the
 * engine's simulation of the same packets; for each packet, the first step where they part. Exit 0 when the
 * engine agrees on every packet, 1 when not (or a packet of the trace is unknown), 2 for a usage error.
 */
export function replayCommand(args: readonly string[], io: Io): number {
  const json = args.includes("--json");
  const files = args.filter((a) => a !== "--json");
  if (files.length !== 2 || files.some((f) => f.startsWith("--"))) {
    io.err(USAGE);
    return 2;
  }
  const [scenarioFile, traceFile] = files as [string, string];
  const { scenario } = runScenarioFile(io, scenarioFile);
  const trace = readKernelTrace(io.read(traceFile), scenario);
  for (const n of trace.notes) io.err(`${traceFile}:${n.line}: ${noteText(n)}`);
  if (!trace.format)
    throw new UserError(`${traceFile}: no line of nft monitor trace or xtables-monitor --trace output`);
  const run = replayScenario(scenario, trace);
  const ran = runScenario(run.scenario);
  if (ran.kind !== "ran") throw new UserError(`${scenarioFile}: the replayed packets do not run (${ran.kind})`);
  const results = compareReplay(
    trace,
    run,
    toAnswer(ran.result).packets.map((p) => p.trace),
  );
  if (json) io.data(jsonText({ format: trace.format, packets: results, notes: trace.notes }));
  else for (const line of replayLines(results, traceFile)) io.out(line);
  return results.every((r) => r.comparison?.kind === "same") ? 0 : 1;
}

const stepLine = (s: KernelStep, file: string) => `    ${s.step}   (${file}:${s.line})`;

function replayLines(results: readonly ReplayedComparison[], file: string): string[] {
  const lines: string[] = [];
  results.forEach(({ packet, comparison }, i) => {
    const p = packet.packet;
    lines.push(
      `packet ${i + 1} (trace ${packet.id}, ${file}:${packet.line}): ${p ? `${formatHeader(p)} from ${p.from}` : "unknown"}`,
    );
    lines.push("  the kernel:");
    packet.steps.forEach((s, k) => {
      lines.push(stepLine(s, file));
      if (comparison?.kind === "differs" && comparison.index === k)
        lines.push(`      ^ the engine: ${comparison.engine ?? "(its trace ends before this step)"}`);
    });
    if (!comparison) lines.push("  => not compared: the trace does not show the packet");
    else if (comparison.kind === "same")
      lines.push(`  => the engine agrees: ${comparison.steps} step(s), the same rules and verdicts`);
    else {
      const at = comparison.kernel ? `${file}:${comparison.kernel.line}` : "after the kernel's last step";
      lines.push(
        `  => first difference at step ${comparison.index + 1} (${at}): the kernel ${comparison.kernel?.step ?? "stops"}, the engine ${comparison.engine ?? "stops"}`,
      );
    }
    if (comparison?.skipped)
      lines.push(
        `  (the engine's first ${comparison.skipped} step(s), before the kernel's first traced chain, are not compared)`,
      );
  });
  return lines;
}
