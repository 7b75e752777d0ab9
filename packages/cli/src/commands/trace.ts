import type { PacketOutcome, SimulationResult } from "@nfx/engine";
import { toAnswer } from "@nfx/scenario";
import type { Io } from "../io";
import { runScenarioFile } from "../load";
import { jsonText } from "../printable";

/** `nfx trace scenario.json [--json]`: what the kernel would do with each packet. */
export function traceCommand(args: readonly string[], io: Io): number {
  const json = args.includes("--json");
  const files = args.filter((a) => !a.startsWith("--"));
  if (files.length !== 1) {
    io.err("usage: nfx trace SCENARIO.json [--json]");
    return 2;
  }
  const { scenario, result } = runScenarioFile(io, files[0]!);
  if (json) io.data(jsonText(toAnswer(result)));
  else for (const line of traceLines(result, scenario.packets.length)) io.out(line);
  return 0;
}

function traceLines(result: SimulationResult, count: number): string[] {
  const lines: string[] = [];
  result.packets.forEach((p, i) => {
    lines.push(`packet ${i + 1}: ${p.headers[0] ?? ""}`);
    for (const t of p.trace) lines.push(`  ${t}`);
    lines.push(`  => ${describeFate(p)}`);
    for (const w of p.warnings) lines.push(`  warning: ${w}`);
    for (const r of result.responses.filter((x) => x.afterPacket === i + 1)) {
      lines.push(`  answer from the host: ${r.header}${r.flags ? ` [${r.flags}]` : ""} (${r.reason})`);
      for (const t of r.trace) lines.push(`    ${t}`);
      lines.push(`    => ${describeFate(r)}`);
    }
  });
  if (count === 0) lines.push("no packets in this scenario");
  lines.push("conntrack:");
  for (const c of result.conntrack) lines.push(`  ${c}`);
  if (result.conntrack.length === 0) lines.push("  (empty)");
  return lines;
}

function describeFate(p: PacketOutcome): string {
  if (p.sendError) return `not sent: sendto() fails with "${p.sendError}"`;
  switch (p.fate) {
    case "local":
      return "delivered to this host";
    case "forwarded":
      return `forwarded out ${p.egress?.dev}: ${p.egress?.header}`;
    case "sent":
      return `sent out ${p.egress?.dev}: ${p.egress?.header}`;
    case "dropped": {
      const drop = [...p.steps].reverse().find((s) => s.kind === "drop");
      return `dropped${drop && drop.kind === "drop" ? ` (${drop.reason})` : ""}`;
    }
  }
}
