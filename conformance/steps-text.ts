import {
  type ConditionResult,
  explainNftOutcome,
  explainOutcome,
  type NftConditionResult,
  type NftRuleReached,
  type PacketOutcome,
  type PacketSnapshot,
  type RuleReached,
  type SimulationResult,
  type StateAnswer,
  type Step,
} from "@nfx/engine";
import type { Ruleset } from "@nfx/model";
import type { Ruleset as NftRuleset } from "@nfx/nftables";

/**
 * What the app animates and explains for a scenario, as text a person can review in a diff: every step of
 * every packet and answer, the packet as each chain saw it, and for each trace line the rules passed (with the
 * condition that failed) and the rule that matched (with the conditions that held). The kernel's goldens check
 * traces, headers and fates; this file catches a change in everything else a learner sees.
 */
export function stepsText(result: SimulationResult, ruleset: Ruleset, nft: NftRuleset = { tables: [] }): string {
  const out: string[] = [];
  result.packets.forEach((p, i) => {
    out.push(`packet ${i + 1}: ${p.headers[0] ?? ""} -> ${p.fate}${p.sendError ? ` (${p.sendError})` : ""}`);
    outcomeLines(p, ruleset, nft, out);
  });
  for (const r of result.responses) {
    out.push(`answer after packet ${r.afterPacket} (${r.origin}): ${r.header} -> ${r.fate}: ${r.reason}`);
    outcomeLines(r, ruleset, nft, out);
  }
  return `${out.join("\n")}\n`;
}

function outcomeLines(outcome: PacketOutcome, ruleset: Ruleset, nft: NftRuleset, out: string[]): void {
  const lines = explainOutcome(outcome, ruleset);
  const native = explainNftOutcome(outcome, nft);
  let line = 0;
  let nline = 0;
  for (const step of outcome.steps) {
    // The rules passed come before the trace line they lead to; the matching rule's conditions after it.
    const rules = step.kind === "rule" || step.kind === "policy" ? (lines[line++] ?? []) : [];
    const nrules = step.kind === "nft-rule" || step.kind === "nft-policy" ? (native[nline++] ?? []) : [];
    for (const r of rules) if (!r.matched) out.push(`    ${reached(r)}`);
    for (const r of nrules) if (!r.matched) out.push(`    ${nftReached(r)}`);
    out.push(`  ${stepText(step)}`);
    for (const r of rules) if (r.matched) out.push(`    ${reached(r)}`);
    for (const r of nrules) if (r.matched) out.push(`    ${nftReached(r)}`);
  }
  for (const w of outcome.warnings) out.push(`  warning: ${w}`);
}

function snapshot(p: PacketSnapshot): string {
  const ct = p.ctDirection ? `${p.ctinfo}/${p.ctDirection}` : p.ctinfo;
  const marks = `mark=${hex(p.mark)} ctmark=${hex(p.ctMark)}`;
  return `${p.header}${p.flags ? ` [${p.flags}]` : ""} in=${p.inIface ?? "-"} out=${p.outIface ?? "-"} ct=${ct} ${marks} ttl=${p.ttl}`;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function stepText(s: Step): string {
  switch (s.kind) {
    case "chain":
      return `chain ${s.table} ${s.hook}: ${snapshot(s.packet)}`;
    case "rule":
      return `rule ${s.table}:${s.chain}:${s.rule} ${s.verdict}${s.packet ? ` -> ${snapshot(s.packet)}` : ""}`;
    case "policy":
      return `policy ${s.table}:${s.chain} ${s.verdict}`;
    case "conntrack":
      return `conntrack ${s.hook} ${s.action}${s.entry ? `: ${s.entry}` : ""}`;
    case "nat":
      return `nat ${s.hook} ${s.manip} ${s.from} => ${s.to}`;
    case "routing":
      return `routing ${s.decision}${s.dev ? ` dev ${s.dev}` : ""}: ${s.detail}`;
    case "hook":
      return `hook ${s.hook}`;
    case "loopback":
      return "loopback";
    case "response":
      return `answer ${s.index}: ${s.reason}`;
    case "deliver":
      return `deliver: ${s.detail}`;
    case "egress":
      return `egress ${s.dev}: ${s.header}`;
    case "drop":
      return `drop: ${s.reason}`;
    case "warning":
      return `warning: ${s.message}`;
    case "log":
      return `log: ${s.line}`;
    case "nft-chain":
      return `chain ${s.at.family} ${s.at.table} ${s.at.chain} ${s.hook}: ${snapshot(s.packet)}`;
    case "nft-rule":
      return `rule ${s.at.family} ${s.at.table}:${s.at.chain}:${s.rule} ${s.verdict}${s.packet ? ` -> ${snapshot(s.packet)}` : ""} | ${s.monitor}`;
    case "nft-policy":
      return `policy ${s.at.family} ${s.at.table}:${s.at.chain} ${s.verdict} | ${s.monitor}`;
  }
}

function nftCondition(c: NftConditionResult): string {
  const mark = c.unsupported ? "UNSUPPORTED" : c.held === null ? "?" : c.held ? "ok" : "NO";
  return `${mark} ${c.text} packet ${c.packet ?? "none"}`;
}

function nftReached(r: NftRuleReached): string {
  const head = `${r.matched ? "matched" : "passed"} ${r.at.family} ${r.at.table}:${r.at.chain}:${r.rule}`;
  const { conditions, firstFailed } = r.explanation;
  if (!r.matched) return `${head}: ${firstFailed ? nftCondition(firstFailed) : "no failing condition (rule state)"}`;
  return `${head}: ${conditions.map(nftCondition).join("; ") || "no conditions"}`;
}

function condition(c: ConditionResult): string {
  const mark = c.held === null ? "?" : c.held ? "ok" : "NO";
  const option = `${c.invert ? "! " : ""}${c.option}${c.rule ? ` ${c.rule}` : ""}`;
  return `${mark} ${option} [${c.code}] packet ${c.packet ?? "none"}${c.state ? ` (${ruleState(c.state)})` : ""}`;
}

/** A stateful condition: what it depends on, and how its answer is known (pinned, or the rule's outcome). */
function ruleState({ on, known }: StateAnswer): string {
  const what = stateText(on);
  return known ? `${what}; known by ${known}` : what;
}

function stateText(on: StateAnswer["on"]): string {
  switch (on.kind) {
    case "random":
      return `random, probability ${on.probability}`;
    case "nth":
      return `counter, packet ${on.packet} of every ${on.every}`;
    case "limit":
      return `token bucket, ${on.count}/${on.unit} burst ${on.burst}`;
    case "ct-lifetime":
      return "the connection's remaining lifetime";
  }
}

function reached(r: RuleReached): string {
  const head = `${r.matched ? "matched" : "passed"} ${r.table}:${r.chain}:${r.rule}`;
  const { conditions, firstFailed } = r.explanation;
  if (!r.matched) return `${head}: ${firstFailed ? condition(firstFailed) : "no failing condition (rule state)"}`;
  return `${head}: ${conditions.map(condition).join("; ") || "no conditions"}`;
}
