/**
 * A real host's trace, pasted as text (`nft monitor trace` or `xtables-monitor --trace`), read into the
 * explorer's trace vocabulary (`filter:INPUT:rule:2:ACCEPT`, `inet fw:input:policy:ACCEPT`) with each event
 * mapped to its rule's position, by handle as the recorder does, else by the rule's text. Nothing is lost:
 * a line that cannot be read is named with its line number, and the rest is still read.
 */
import type { ScenarioPacket } from "@nfx/scenario";
import { tableLabel } from "./handles";
import { type ListedRule, listIptablesSave, listNft, type RuleListing, ruleText } from "./listing";
import { parseTraceLine, type TraceLine, type TracePacket } from "./nft-monitor";
import type { TraceFormat, TraceNote } from "./notes";
import { verdictWord } from "./verdict";
import { isXtablesTraceLine, parseXtablesLine } from "./xtables-monitor";

/** One rule or policy event of the kernel, as the trace vocabulary says it. */
export interface KernelStep {
  /** 1-based line of the pasted text. */
  readonly line: number;
  /** The line as the kernel's tool printed it. */
  readonly raw: string;
  readonly table: string;
  readonly chain: string;
  readonly kind: "rule" | "policy";
  /** The rule's 1-based position in its chain; null when neither its handle nor its text was found. */
  readonly position: number | null;
  readonly handle?: number;
  /** `ACCEPT`, `DROP`, `JUMP:SSH`, `CONTINUE`... */
  readonly verdict: string;
  /** `filter:INPUT:rule:2:ACCEPT`; an unknown position reads `handle-7` (or `?` without a handle). */
  readonly step: string;
}

export interface ReplayedPacket {
  /** The kernel's trace id. */
  readonly id: string;
  /** Line of the packet's first event. */
  readonly line: number;
  /** The packet as it entered the first traced chain; null when the trace does not say it (see notes). */
  readonly packet: ScenarioPacket | null;
  readonly steps: readonly KernelStep[];
}

export interface KernelTrace {
  /** null when the text holds no trace line at all. */
  readonly format: TraceFormat | null;
  readonly packets: readonly ReplayedPacket[];
  /** Lines left out and why, events that could not be mapped to a rule. */
  readonly notes: readonly TraceNote[];
}

/** The rulesets the trace is read against: the scenario's. */
export interface TracedRulesets {
  readonly ruleset: string;
  readonly nftables?: string;
}

const SIMULATED_FAMILIES = new Set(["ip", "inet"]);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function readKernelTrace(text: string, rulesets: TracedRulesets): KernelTrace {
  const notes: TraceNote[] = [];
  const said = new Set<string>();
  /** A note; the same note is said once, at its first line. */
  const note = (note: TraceNote) => {
    const key = JSON.stringify({ ...note, line: 0 });
    if (said.has(key)) return;
    said.add(key);
    notes.push(note);
  };
  const events: { line: number; event: TraceLine }[] = [];
  const listingLines: string[] = [];
  let nft = 0;
  let xt = 0;
  let depth = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (line.startsWith("trace id ")) {
      nft++;
      const e = parseTraceLine(raw);
      if (e) events.push({ line: n, event: e });
      else note({ line: n, kind: "unreadable-line", format: "nft monitor trace" });
      return;
    }
    if (isXtablesTraceLine(raw)) {
      xt++;
      const e = parseXtablesLine(raw);
      if (e) events.push({ line: n, event: e });
      else note({ line: n, kind: "unreadable-line", format: "xtables-monitor --trace" });
      return;
    }
    // A ruleset listing pasted along (`nft -a list ruleset`): its handles name the rules of the trace.
    if (depth > 0 || /^table \S+ \S+ \{/.test(line)) {
      listingLines.push(raw);
      for (const c of line) depth += c === "{" ? 1 : c === "}" ? -1 : 0;
      return;
    }
    if (line === "" || line.startsWith("#") || /^(EVENT|Warning|Listening)/i.test(line)) return;
    note({ line: n, kind: "not-a-trace-line", format: nft || !xt ? "nft monitor trace" : "xtables-monitor --trace" });
  });
  if (nft && xt) note({ line: 0, kind: "mixed-formats" });

  const pasted = listNft(listingLines.join("\n"));
  const scenario = listIptablesSave(rulesets.ruleset, listNft(rulesets.nftables ?? ""));
  const packets = group(events, (e, line) => step(e, line, pasted, scenario, note), note);
  notes.sort((a, b) => a.line - b.line);
  return { format: nft >= xt ? (nft ? "nft monitor trace" : null) : "xtables-monitor --trace", packets, notes };
}

/** Events grouped by trace id, in order of each id's first line. */
function group(
  events: readonly { line: number; event: TraceLine }[],
  toStep: (e: TraceLine, line: number) => KernelStep | null,
  note: (n: TraceNote) => void,
): ReplayedPacket[] {
  const byId = new Map<string, { id: string; line: number; packet: ScenarioPacket | null; steps: KernelStep[] }>();
  for (const { line, event } of events) {
    if (!SIMULATED_FAMILIES.has(event.family)) {
      note({ line, kind: "family-not-simulated", family: event.family });
      continue;
    }
    let p = byId.get(event.id);
    if (!p) {
      p = { id: event.id, line, packet: null, steps: [] };
      byId.set(event.id, p);
      if (event.kind === "packet" && event.packet) {
        const made = scenarioPacket(event.packet);
        if ("kind" in made) note({ line, ...made });
        else p.packet = made;
      } else note({ line, kind: "no-packet-line", id: event.id });
    }
    if (event.kind !== "rule" && event.kind !== "policy") continue;
    const s = toStep(event, line);
    if (s) p.steps.push(s);
  }
  return [...byId.values()];
}

function step(
  e: TraceLine,
  line: number,
  pasted: RuleListing,
  scenario: RuleListing,
  note: (n: TraceNote) => void,
): KernelStep | null {
  const table = tableLabel(e.family, e.table);
  const listing = pasted.get(table)?.has(e.chain) ? pasted : scenario.get(table)?.has(e.chain) ? scenario : null;
  if (!listing) {
    // The tracer's own table (`meta nftrace set 1`), or a chain the scenario does not have.
    note({ line, kind: "chain-not-in-scenario", table, chain: e.chain });
    return null;
  }
  const verdict = verdictWord(e.verdict ?? "?");
  const base = {
    line,
    raw: e.raw,
    table,
    chain: e.chain,
    verdict,
    ...(e.handle === undefined ? {} : { handle: e.handle }),
  };
  if (e.kind === "policy")
    return { ...base, kind: "policy", position: null, step: `${table}:${e.chain}:policy:${verdict}` };
  const rules = listing.get(table)!.get(e.chain)!;
  const found = findRule(rules, e);
  if (!found)
    note({
      line,
      kind: "rule-not-found",
      table,
      chain: e.chain,
      ...(e.handle === undefined ? {} : { handle: e.handle }),
    });
  const n = found ? String(found.position) : e.handle === undefined ? "?" : `handle-${e.handle}`;
  return { ...base, kind: "rule", position: found?.position ?? null, step: `${table}:${e.chain}:rule:${n}:${verdict}` };
}

/** By handle when the listing has handles, else by text (the first rule of the chain with the same text). */
function findRule(rules: readonly ListedRule[], e: TraceLine): ListedRule | undefined {
  if (e.handle !== undefined) {
    const byHandle = rules.find((r) => r.handle === e.handle);
    if (byHandle || rules.some((r) => r.handle !== undefined)) return byHandle;
  }
  if (!e.rule) return undefined;
  const text = ruleText(e.rule);
  return rules.find((r) => r.text === text);
}

type PacketProblem = DistributiveOmit<TraceNote, "line">;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** The scenario packet a trace's packet line shows, or why there is none. */
function scenarioPacket(p: TracePacket): ScenarioPacket | PacketProblem {
  const from = p.iif ?? (p.oif ? "local" : undefined);
  if (!from) return { kind: "packet-without-interface" };
  if (!IPV4.test(p.src) || !IPV4.test(p.dst)) return { kind: "packet-not-ipv4" };
  const common = {
    from,
    src: p.src,
    dst: p.dst,
    ...(p.ttl === undefined ? {} : { ttl: p.ttl }),
    ...(p.tos === undefined ? {} : { tos: p.tos }),
    ...(p.ipId === undefined ? {} : { id: p.ipId }),
  };
  if (p.proto === "tcp" && p.sport !== undefined && p.dport !== undefined)
    return {
      ...common,
      proto: "tcp",
      sport: p.sport,
      dport: p.dport,
      flags: p.flags || "S",
      // The kernel saw a real acknowledgement number; the simulation takes the one its connection expects.
      ...(p.flags?.includes("A") ? { ack: "auto" as const } : {}),
    };
  if (p.proto === "udp" && p.sport !== undefined && p.dport !== undefined)
    return { ...common, proto: "udp", sport: p.sport, dport: p.dport };
  if (p.proto === "icmp" && p.type !== undefined) return { ...common, proto: "icmp", type: p.type, code: p.code ?? 0 };
  return { kind: "protocol-not-simulated", proto: p.proto };
}
