import {
  type ConditionResult,
  explainNftOutcome,
  explainOutcome,
  type NftConditionResult,
  type NftRuleReached,
  type PacketOutcome,
  type RuleReached,
  type SimulationResult,
  type StateAnswer,
  type TargetEffect,
  traceTable,
} from "@nfx/engine";
import type { Ruleset } from "@nfx/model";
import type { Ruleset as NftRuleset } from "@nfx/nftables";
import { toAnswer } from "@nfx/scenario";
import type { Io } from "../io";
import { runScenarioFile } from "../load";
import { jsonText } from "../printable";

/** `nfx trace scenario.json [--json] [--explain]`: what the kernel would do with each packet, and why. */
export function traceCommand(args: readonly string[], io: Io): number {
  const json = args.includes("--json");
  const explain = args.includes("--explain");
  const files = args.filter((a) => !a.startsWith("--"));
  if (files.length !== 1) {
    io.err("usage: nfx trace SCENARIO.json [--json] [--explain]");
    return 2;
  }
  const { scenario, parsed, nft, result } = runScenarioFile(io, files[0]!);
  if (json) io.data(jsonText(toAnswer(result)));
  else {
    const why = explain ? { iptables: parsed.ruleset, nft: nft?.ruleset ?? { tables: [] } } : null;
    for (const line of traceLines(result, scenario.packets.length, why)) io.out(line);
  }
  return 0;
}

/** `-s 10.0.0.0/8 fails (packet: 198.51.100.20)`: one condition, as the engine compared it. */
function conditionText(c: ConditionResult): string {
  const option = c.option === "-m" ? `-m ${c.rule}` : `${c.option}${c.rule ? ` ${c.rule}` : ""}`;
  const outcome = c.held === null ? "decided by rule state" : c.held ? "holds" : "fails";
  const seen = c.state ? stateText(c.state) : `packet: ${c.packet ?? "none"}`;
  return `${c.invert ? "! " : ""}${option} ${outcome} (${seen})`;
}

/** `a random draw with probability 0.5, pinned`: what a stateful condition depends on, and how it is known. */
function stateText({ on, known }: StateAnswer): string {
  const what =
    on.kind === "random"
      ? `a random draw with probability ${on.probability}`
      : on.kind === "nth"
        ? `the rule's counter: packet ${on.packet} of every ${on.every}`
        : on.kind === "limit"
          ? `a token bucket of ${on.burst}, ${on.count} per ${on.unit}`
          : "the connection's remaining lifetime";
  if (known === "pinned") return `${what}, pinned`;
  return known === "outcome" ? `${what}, as the rule's outcome shows` : what;
}

/** What the matching rule's target did, in a few words. */
function targetText(e: TargetEffect): string {
  const changes = (list: readonly { field: string; before: string; after: string }[]) =>
    list.map((c) => (c.before === c.after ? `${c.field} stays ${c.after}` : `${c.field} ${c.before} -> ${c.after}`));
  switch (e.kind) {
    case "accept":
      return "accepted";
    case "drop":
      return "dropped";
    case "return":
      return "returns to the calling chain";
    case "jump":
      return `jumps to ${e.chain}`;
    case "goto":
      return `goes to ${e.chain}`;
    case "reject":
      return `rejected with ${e.with}`;
    case "nat":
      return `${e.manip} sets up the connection's address translation`;
    case "set":
      return `sets ${changes(e.changes).join(", ")}`;
    case "no-connection":
      return "the packet has no connection to mark: nothing changed";
    case "untrack":
      return `untracked: ${changes(e.changes).join(", ")}`;
    case "zone":
      return e.zone === null ? "conntrack options the simulator does not model" : `conntrack zone ${e.zone}`;
    case "log":
      return `logged${e.group === null ? "" : ` to group ${e.group}`}${e.prefix ? ` with prefix "${e.prefix}"` : ""}`;
    case "trace":
      return "tracing on (the simulator traces every packet)";
    case "continue":
      return "none: the rule counts the packet and it goes on";
    case "unsupported":
      return `${e.name} is not modelled: treated as continue`;
  }
}

function reachedText(r: RuleReached): string {
  const { conditions, firstFailed } = r.explanation;
  if (!r.matched) {
    const why = firstFailed ?? conditions.find((c) => c.held === null);
    return `rule ${r.rule} passed: ${why ? conditionText(why) : "no failing condition"}`;
  }
  const held = conditions.length ? conditions.map(conditionText).join("; ") : "it has no conditions";
  return `rule ${r.rule} matched: ${held}${r.target ? `; target: ${targetText(r.target)}` : ""}`;
}

/** `tcp dport { 22, 80 } fails (packet: 443)`: one test of an nft rule, as the engine compared it. */
function nftConditionText(c: NftConditionResult): string {
  const outcome = c.unsupported
    ? "is not simulated"
    : c.held === null
      ? "decided by rule state"
      : c.held
        ? "holds"
        : "fails";
  return `${c.text} ${outcome} (packet: ${c.packet ?? "none"})`;
}

function nftReachedText(r: NftRuleReached): string {
  const { conditions, firstFailed } = r.explanation;
  if (!r.matched) {
    const why = firstFailed ?? conditions.find((c) => c.held === null);
    return `rule ${r.rule} passed: ${why ? nftConditionText(why) : "no failing condition"}`;
  }
  return `rule ${r.rule} matched: ${conditions.length ? conditions.map(nftConditionText).join("; ") : "it has no conditions"}`;
}

interface Rulesets {
  readonly iptables: Ruleset;
  readonly nft: NftRuleset;
}

/** The explanation lines before each trace line: iptables' and native lines interleave as the steps did. */
function explanations(p: PacketOutcome, rulesets: Rulesets | null, indent: string): string[][] {
  if (!rulesets) return [];
  const ipt = explainOutcome(p, rulesets.iptables);
  const native = explainNftOutcome(p, rulesets.nft);
  let i = 0;
  let n = 0;
  const out: string[][] = [];
  for (const s of p.steps) {
    if (s.kind === "rule" || s.kind === "policy") {
      out.push((ipt[i++] ?? []).map((r) => `${indent}  ${r.table}:${r.chain}: ${reachedText(r)}`));
    } else if (s.kind === "nft-rule" || s.kind === "nft-policy") {
      out.push((native[n++] ?? []).map((r) => `${indent}  ${traceTable(r.at)}:${r.at.chain}: ${nftReachedText(r)}`));
    }
  }
  return out;
}

/** A packet's trace lines, each after the rules it passed and the rule it matched when `--explain` asks. */
function packetTrace(p: PacketOutcome, indent: string, rulesets: Rulesets | null): string[] {
  const reached = explanations(p, rulesets, indent);
  return p.trace.flatMap((t, i) => [...(reached[i] ?? []), `${indent}${t}`]);
}

function traceLines(result: SimulationResult, count: number, ruleset: Rulesets | null): string[] {
  const lines: string[] = [];
  result.packets.forEach((p, i) => {
    lines.push(`packet ${i + 1}: ${p.headers[0] ?? ""}`);
    lines.push(...packetTrace(p, "  ", ruleset));
    lines.push(`  => ${describeFate(p)}`);
    for (const w of p.warnings) lines.push(`  warning: ${w}`);
    for (const r of result.responses.filter((x) => x.afterPacket === i + 1)) {
      lines.push(`  answer from the host: ${r.header}${r.flags ? ` [${r.flags}]` : ""} (${r.reason})`);
      lines.push(...packetTrace(r, "    ", ruleset));
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
