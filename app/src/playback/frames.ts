import {
  type CtInfo,
  nativeTableLabel,
  type PacketOutcome,
  type Rejection,
  type ResponseOutcome,
  type Step,
} from "@nfx/engine";
import type { ScenarioPacket } from "@nfx/scenario";
import { conntrackNodeId, type NodeId, nativeNodeId, tableNodeId } from "../diagram/nodes";
import type { AnswerFacts } from "../i18n";
import type { SimView } from "../sim/protocol";

/** One packet to play: a scenario packet, or an answer the host sent because of one. */
export interface PlayItem {
  readonly kind: "packet" | "response";
  /** 0-based position among the scenario's packets or among the responses. */
  readonly index: number;
  /** 1-based scenario packet this one follows (itself for a scenario packet). */
  readonly afterPacket: number;
  readonly outcome: PacketOutcome | ResponseOutcome;
  readonly start: NodeId;
  /** What the start frame says: where the packet comes from, or why the host answers. */
  readonly startSay: FrameSay;
  /** Short name for the token: "#3", or "#1↩" for an answer to packet 1. */
  readonly tag: string;
}

export type VerdictTone = "accept" | "drop" | "reject" | "nat" | "jump" | "done";

/** The facts of an answer, from the first chain's snapshot of it (the packet as it left the stack). */
export function answerFacts(r: ResponseOutcome): AnswerFacts {
  const first = r.steps.find((s) => s.kind === "chain");
  const p = first?.kind === "chain" ? first.packet : null;
  const proto = p?.proto ?? (r.flags !== undefined ? "tcp" : "icmp");
  return {
    origin: r.origin,
    proto,
    flags: p?.flags ?? r.flags ?? "",
    icmp: proto === "icmp" && p ? { type: p.icmpType, code: p.icmpCode } : null,
  };
}

/**
 * What a frame says, as codes and values taken from the engine's step: `frameText` and `verdictLabel`
 * (frame-text.ts) word it in the reader's language when it is drawn, so a language switch re-renders the
 * same frames and never simulates again.
 */
export type FrameSay =
  | { readonly kind: "start"; readonly from: string }
  | { readonly kind: "start-response"; readonly reason: string; readonly answer: AnswerFacts }
  /** The host will answer: the engine's step, with the answer's facts for languages other than English. */
  | { readonly kind: "response"; readonly index: number; readonly reason: string; readonly answer: AnswerFacts | null }
  /** The rule whose REJECT ended the packet (the kernel's trace line says DROP). */
  | (Omit<Extract<Step, { readonly kind: "rule" }>, "kind" | "packet"> & {
      readonly kind: "reject-rule";
      readonly rejection: Rejection;
    })
  /** The end of a REJECTed packet: dropped, and what was sent back. */
  | { readonly kind: "rejected"; readonly rejection: Rejection }
  /** Native nftables rule and policy steps carry the kernel's own `nft monitor trace` line (`monitor`). */
  | Exclude<Step, { readonly kind: "hook" | "chain" | "nft-chain" | "response" }>;

/**
 * One playable moment: the packet at a node, after one step of its trace. Playback state is just an index
 * into the frame list, so Back, scrubbing and clicking a trace line are exact.
 */
export interface Frame {
  readonly index: number;
  readonly item: number;
  /** Index into the item's `steps`, or -1 for the synthetic start at the interface or socket. */
  readonly step: number;
  readonly node: NodeId;
  /** The packet's header as it stands here (`tcp 1.2.3.4:5 > 6.7.8.9:10`). */
  readonly header: string;
  readonly flags: string;
  readonly ct: CtInfo | null;
  readonly inIface: string | null;
  readonly outIface: string | null;
  /** Kernel-style line for chain events (`filter:INPUT:rule:3:ACCEPT`), else a short tag. */
  readonly line: string;
  readonly kernel: boolean;
  readonly say: FrameSay;
  /** The step decides something (a verdict, a rewrite, a route); its label is `verdictLabel(t, say)`. */
  readonly verdict: { readonly tone: VerdictTone } | null;
  /** Rule or policy event: which chain, which rule, which rules were passed on the way. */
  readonly rule: {
    readonly table: string;
    readonly hook: string;
    readonly chain: string;
    readonly rule: number | "policy";
    readonly missedFrom: number;
    readonly verdict: string;
  } | null;
  readonly nat: { readonly manip: "SNAT" | "DNAT"; readonly from: string; readonly to: string } | null;
  /** Index of the step (a chain, or a rule that changed the packet) whose snapshot this rule event is judged against. */
  readonly snapshotStep: number;
  /** The packet ends here. */
  readonly last: boolean;
}

function startNode(from: string | null): NodeId {
  if (from !== null) return from === "local" ? "local" : "if_in";
  return "local";
}

/** Answers made by the local stack (SYN-ACK, echo reply) leave the socket; the rest the kernel makes. */
function responseOrigin(parents: readonly PacketOutcome[], r: ResponseOutcome, responseIndex: number): NodeId {
  const parent = parents[r.afterPacket - 1];
  if (!parent) return "gen";
  const at = parent.steps.findIndex((s) => s.kind === "response" && s.index === responseIndex);
  if (at < 0) return "gen";
  return parent.steps.slice(0, at).some((s) => s.kind === "deliver") ? "local" : "gen";
}

/** Orders scenario packets and the host's answers the way they happened: each answer after its cause. */
export function playItems(view: SimView, packets: readonly ScenarioPacket[]): PlayItem[] {
  const items: PlayItem[] = [];
  const res = view.result;
  res.packets.forEach((outcome, i) => {
    const from = packets[i]?.from ?? "eth0";
    items.push({
      kind: "packet",
      index: i,
      afterPacket: i + 1,
      outcome,
      start: startNode(from),
      startSay: { kind: "start", from },
      tag: `#${i + 1}`,
    });
    res.responses.forEach((r, j) => {
      if (r.afterPacket !== i + 1) return;
      items.push({
        kind: "response",
        index: j,
        afterPacket: r.afterPacket,
        outcome: r,
        start: responseOrigin(res.packets, r, j),
        startSay: { kind: "start-response", reason: r.reason, answer: answerFacts(r) },
        tag: `#${r.afterPacket}↩`,
      });
    });
  });
  return items;
}

function firstHeader(o: PacketOutcome | ResponseOutcome): string {
  if ("header" in o) return o.header;
  return o.headers[0] ?? "";
}

function tone(verdict: string): VerdictTone {
  if (verdict === "ACCEPT") return "accept";
  if (verdict === "DROP") return "drop";
  if (verdict.startsWith("JUMP") || verdict.startsWith("GOTO") || verdict === "RETURN") return "jump";
  return "done";
}

/** Node where a routing step is drawn. */
function routingNode(decision: string): NodeId {
  if (decision === "output") return "rt_out";
  if (decision === "reroute") return "out.reroute";
  return "rt_in";
}

/** Flattens every item's steps into frames, one per step a person would want to stop at. */
export function buildFrames(items: readonly PlayItem[]): Frame[] {
  const frames: Frame[] = [];
  const answers = new Map<number, AnswerFacts>();
  for (const it of items)
    if (it.kind === "response" && "origin" in it.outcome) answers.set(it.index, answerFacts(it.outcome));
  const responseSay = (s: Extract<Step, { readonly kind: "response" }>): FrameSay => ({
    ...s,
    answer: answers.get(s.index) ?? null,
  });
  items.forEach((item, itemIndex) => {
    const o = item.outcome;
    let node: NodeId = item.start;
    let header = firstHeader(o);
    let flags = "flags" in o && o.flags ? o.flags : "";
    let ct: CtInfo | null = null;
    let inIface: string | null = null;
    let outIface: string | null = null;
    let snapshotStep = -1;
    const rejection = o.rejectedWith ?? null;
    // REJECT sends its answer from inside the target, so the engine records the answer before the rule's line;
    // a reader wants the rule first, then the answer it made.
    const rejectStep = rejection ? lastIndexOf(o.steps, (s) => s.kind === "rule" && s.verdict === "DROP") : -1;
    let heldAnswer: Extract<Step, { readonly kind: "response" }> | null = null;
    let heldAt = -1;
    const push = (
      f: Omit<
        Frame,
        "index" | "item" | "header" | "flags" | "ct" | "inIface" | "outIface" | "node" | "snapshotStep" | "last"
      >,
    ) =>
      frames.push({
        ...f,
        index: frames.length,
        item: itemIndex,
        node,
        header,
        flags,
        ct,
        inIface,
        outIface,
        snapshotStep,
        last: false,
      });

    push({
      step: -1,
      line: item.kind === "packet" ? "start" : "response",
      kernel: false,
      say: item.startSay,
      verdict: null,
      rule: null,
      nat: null,
    });

    o.steps.forEach((s, i) => {
      switch (s.kind) {
        case "hook":
          return;
        case "chain":
          // The snapshot is the packet as this chain sees it; the next rule/policy frame shows it.
          node = tableNodeId(s.table, s.hook);
          header = s.packet.header;
          flags = s.packet.flags;
          ct = s.packet.ctinfo === "INVALID" && s.table === "raw" ? ct : s.packet.ctinfo;
          inIface = s.packet.inIface;
          outIface = s.packet.outIface;
          snapshotStep = i;
          return;
        case "rule":
        case "policy": {
          node = tableNodeId(s.table, s.hook);
          const ruleNo = s.kind === "rule" ? s.rule : "policy";
          const line = `${s.table}:${s.chain}:${s.kind === "rule" ? `rule:${s.rule}` : "policy"}:${s.verdict}`;
          const rejects = s.kind === "rule" && i === rejectStep && rejection !== null;
          push({
            step: i,
            line,
            kernel: true,
            say: rejects
              ? {
                  kind: "reject-rule",
                  table: s.table,
                  hook: s.hook,
                  chain: s.chain,
                  rule: s.rule,
                  verdict: s.verdict,
                  missedFrom: s.missedFrom,
                  rejection,
                }
              : s,
            verdict: { tone: rejects ? "reject" : tone(s.verdict) },
            rule: {
              table: s.table,
              hook: s.hook,
              chain: s.chain,
              rule: ruleNo,
              missedFrom: s.missedFrom,
              verdict: s.verdict,
            },
            nat: null,
          });
          // A target changed the packet (MARK, TOS...): the rules after this one are judged against the change.
          if (s.kind === "rule" && s.packet) snapshotStep = i;
          if (rejects && heldAnswer) {
            push({
              step: heldAt,
              line: "answer",
              kernel: false,
              say: responseSay(heldAnswer),
              verdict: null,
              rule: null,
              nat: null,
            });
            heldAnswer = null;
          }
          return;
        }
        case "nft-chain":
          // A native base chain: its cell, where the rules of the chains it jumps to are shown too.
          node = nativeNodeId(s.hook, s.at.family, s.at.table, s.at.chain);
          header = s.packet.header;
          flags = s.packet.flags;
          ct = s.packet.ctinfo;
          inIface = s.packet.inIface;
          outIface = s.packet.outIface;
          snapshotStep = i;
          return;
        case "nft-rule":
        case "nft-policy": {
          // Trace vocabulary (issue 10, item 4): `inet fw:input:rule:3:ACCEPT`, `filter:...` for family ip.
          const table = nativeTableLabel(s.at.family, s.at.table);
          const ruleNo = s.kind === "nft-rule" ? s.rule : "policy";
          push({
            step: i,
            line: `${table}:${s.at.chain}:${s.kind === "nft-rule" ? `rule:${s.rule}` : "policy"}:${s.verdict}`,
            kernel: true,
            say: s,
            verdict: { tone: tone(s.verdict) },
            rule: {
              table,
              hook: s.hook,
              chain: s.at.chain,
              rule: ruleNo,
              missedFrom: s.missedFrom,
              verdict: s.verdict,
            },
            nat: null,
          });
          if (s.kind === "nft-rule" && s.packet) snapshotStep = i;
          return;
        }
        case "conntrack":
          // Loopback re-entry skips the lookup: stay where the packet is rather than jump back.
          if (s.action !== "skipped") node = conntrackNodeId(s.hook);
          if (s.action === "new") ct = "NEW";
          else if (s.action === "found") ct = ct === "NEW" || ct === null || ct === "INVALID" ? "ESTABLISHED" : ct;
          else if (s.action === "related") ct = "RELATED";
          else if (s.action === "invalid") ct = "INVALID";
          else if (s.action === "untracked") ct = "UNTRACKED";
          push({
            step: i,
            line: `conntrack:${s.hook}:${s.action}`,
            kernel: false,
            say: s,
            verdict: null,
            rule: null,
            nat: null,
          });
          return;
        case "nat":
          node = tableNodeId("nat", s.hook);
          header = s.to;
          push({
            step: i,
            line: `nat:${s.hook}:${s.manip}`,
            kernel: false,
            say: s,
            verdict: { tone: "nat" },
            rule: null,
            nat: { manip: s.manip, from: s.from, to: s.to },
          });
          return;
        case "routing":
          node = routingNode(s.decision);
          if (s.dev && s.decision !== "local") outIface = s.dev;
          push({
            step: i,
            line: `route:${s.decision}${s.dev ? `:${s.dev}` : ""}`,
            kernel: false,
            say: s,
            verdict: {
              tone:
                s.decision === "forward" ||
                s.decision === "local" ||
                s.decision === "output" ||
                s.decision === "reroute"
                  ? "done"
                  : "drop",
            },
            rule: null,
            nat: null,
          });
          return;
        case "loopback":
          node = "if_in";
          inIface = "lo";
          outIface = null;
          push({
            step: i,
            line: "loopback",
            kernel: false,
            say: s,
            verdict: null,
            rule: null,
            nat: null,
          });
          return;
        case "response":
          if (rejection !== null && rejection.response === s.index && i < rejectStep) {
            heldAnswer = s;
            heldAt = i;
            return;
          }
          push({
            step: i,
            line: "answer",
            kernel: false,
            say: responseSay(s),
            verdict: null,
            rule: null,
            nat: null,
          });
          return;
        case "deliver":
          node = "local";
          push({
            step: i,
            line: "deliver",
            kernel: false,
            say: s,
            verdict: { tone: "accept" },
            rule: null,
            nat: null,
          });
          return;
        case "egress":
          node = "if_out";
          header = s.header;
          outIface = s.dev;
          push({
            step: i,
            line: `egress:${s.dev}`,
            kernel: false,
            say: s,
            verdict: { tone: "accept" },
            rule: null,
            nat: null,
          });
          return;
        case "drop":
          push({
            step: i,
            line: "drop",
            kernel: false,
            say: rejection !== null && i > rejectStep ? { kind: "rejected", rejection } : s,
            verdict: { tone: "drop" },
            rule: null,
            nat: null,
          });
          return;
        case "warning":
          push({
            step: i,
            line: "warning",
            kernel: false,
            say: s,
            verdict: null,
            rule: null,
            nat: null,
          });
          return;
        case "log":
          push({ step: i, line: "log", kernel: false, say: s, verdict: null, rule: null, nat: null });
          return;
      }
    });
    const lastIndex = frames.length - 1;
    frames[lastIndex] = { ...frames[lastIndex]!, last: true };
  });
  return frames;
}

function lastIndexOf<T>(xs: readonly T[], pred: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (pred(xs[i]!)) return i;
  return -1;
}

/** The frame where the current item's fate is decided: its last DROP, delivery or egress. */
export function verdictFrame(frames: readonly Frame[], at: number): number {
  const item = frames[at]?.item;
  if (item === undefined) return at;
  let end = at;
  while (end + 1 < frames.length && frames[end + 1]!.item === item) end++;
  return end;
}

export function firstFrameOfItem(frames: readonly Frame[], item: number): number {
  return frames.findIndex((f) => f.item === item);
}

/**
 * The frames of scenario packet `n` (1-based) and of the answers it caused: where "Play packet n" starts and
 * stops. Null when there is no such packet.
 */
export function packetSpan(
  frames: readonly Frame[],
  items: readonly PlayItem[],
  n: number,
): { readonly first: number; readonly last: number } | null {
  let first = -1;
  let last = -1;
  for (const f of frames) {
    if (items[f.item]?.afterPacket !== n) continue;
    if (first < 0) first = f.index;
    last = f.index;
  }
  return first < 0 ? null : { first, last };
}
