/** From grouped trace segments and captured frames to the answer format's packet and response entries. */

import type { TracePacket } from "@nfx/kernel-trace";
import {
  formatHeader,
  type HandleMap,
  type HeaderFields,
  protoName,
  rulePosition,
  tableLabel,
  tcpFlagLetters,
  verdictWord,
} from "@nfx/kernel-trace";
import type { AnswerEgress, AnswerFate, AnswerPacket } from "@nfx/scenario";
import type { PacketGroup, Segment } from "./segments";

/** An IPv4 frame a neighbour received from the host (py/agent.py parse_frame), plus the host device. */
export interface CapturedFrame {
  dev: string;
  t: number;
  proto: number;
  src: string;
  dst: string;
  tos: number;
  ttl: number;
  id: number;
  sport?: number;
  dport?: number;
  seq?: number;
  ack?: number;
  tcpflags?: number;
  paylen?: number;
  type?: number;
  code?: number;
  icmp_id?: number;
  /** An ICMP query or reply's sequence number. */
  icmp_seq?: number;
  /** The header an ICMP error quotes (protocol by number). */
  inner?: { proto: number; src: string; dst: string; sport?: number; dport?: number; type?: number; code?: number };
}

export function frameHeader(f: CapturedFrame): HeaderFields {
  return {
    proto: protoName(f.proto),
    src: f.src,
    dst: f.dst,
    sport: f.sport,
    dport: f.dport,
    type: f.type,
    code: f.code,
  };
}

/**
 * `TABLE:CHAIN:rule:N:VERDICT` / `TABLE:CHAIN:policy:P` for each rule and policy line of the segments; TABLE is
 * `tableLabel` (bare for family ip, `inet fw` otherwise). A verdict-map rule is one line with the verdict of the
 * element that matched, as the kernel prints it.
 */
export function traceEvents(segments: readonly Segment[], handles: HandleMap): string[] {
  const events: string[] = [];
  for (const seg of segments) {
    for (const line of seg.lines) {
      const table = tableLabel(line.family, line.table);
      if (line.kind === "policy") {
        events.push(`${table}:${line.chain}:policy:${verdictWord(line.verdict ?? "?")}`);
      } else if (line.kind === "rule") {
        const pos = line.handle !== undefined ? rulePosition(handles, table, line.handle) : undefined;
        const n = pos && pos.chain === line.chain ? String(pos.position) : `handle-${line.handle}`;
        events.push(`${table}:${line.chain}:rule:${n}:${verdictWord(line.verdict ?? "?")}`);
      }
    }
  }
  return events;
}

/**
 * Each distinct header the packet had when it entered one of the user's base chains, in order. A packet that
 * met none of them (an nftables-only host has no chain on most hooks) still entered the kernel's hooks: its
 * header is the one the recorder's own first chain saw.
 */
export function traceHeaders(segments: readonly Segment[]): string[] {
  const seen: string[] = [];
  for (const seg of segments) {
    for (const line of seg.lines) {
      if (line.kind !== "packet" || !line.packet) continue;
      const h = formatHeader(line.packet);
      if (!seen.includes(h)) seen.push(h);
    }
  }
  const first = segments[0]?.first;
  if (seen.length === 0 && first) seen.push(formatHeader(first));
  return seen;
}

/** The segment whose skb left the host through a device with a neighbour (not lo), if any. */
export function leavingSegment(group: PacketGroup): Segment | undefined {
  return [...group.segments].reverse().find((s) => s.post && s.post.oif !== "lo");
}

/**
 * The captured frame that is the given skb leaving the host: same device, IP id, protocol and post-NAT header
 * as the recorder's last postrouting chain saw it. Falls back to device + protocol + IP id.
 */
export function matchFrame(post: TracePacket, frames: readonly CapturedFrame[], used: Set<CapturedFrame>) {
  const free = frames.filter((f) => !used.has(f) && f.dev === post.oif && protoName(f.proto) === post.proto);
  const exact = free.find(
    (f) => formatHeader(frameHeader(f)) === formatHeader(post) && (post.ipId === undefined || f.id === post.ipId),
  );
  return exact ?? free.find((f) => post.ipId !== undefined && f.id === post.ipId);
}

export function egressOf(f: CapturedFrame): AnswerEgress {
  const e: AnswerEgress = { dev: f.dev, header: formatHeader(frameHeader(f)), ttl: f.ttl, tos: f.tos };
  if (f.tcpflags !== undefined)
    return { dev: e.dev, header: e.header, flags: tcpFlagLetters(f.tcpflags), ttl: e.ttl, tos: e.tos };
  // An ICMP query's id and sequence, an error's quoted header: what the neighbour received, after any NAT.
  if (f.icmp_seq !== undefined) return { ...e, icmp_id: f.icmp_id ?? 0, icmp_seq: f.icmp_seq };
  if (f.inner) {
    const q = f.inner;
    return { ...e, inner: formatHeader({ ...q, proto: protoName(q.proto) }) };
  }
  return e;
}

/** The answer entry of one group, given the frame it left as (if any). */
export function recordGroup(
  group: PacketGroup,
  handles: HandleMap,
  frame: CapturedFrame | undefined,
  injectedFromDevice: boolean,
): AnswerPacket {
  const egress = frame ? egressOf(frame) : null;
  let fate: AnswerFate = "dropped";
  if (egress) fate = injectedFromDevice ? "forwarded" : "sent";
  else if (group.segments.some((s) => s.reachedInput)) fate = "local";
  return { trace: traceEvents(group.segments, handles), headers: traceHeaders(group.segments), fate, egress };
}

/** Egress as the trace saw it at the end of postrouting, for a frame the neighbour did not report. */
export function egressFromTrace(post: TracePacket): AnswerEgress {
  const e: AnswerEgress = { dev: post.oif ?? "?", header: formatHeader(post), ttl: post.ttl ?? 0, tos: post.tos ?? 0 };
  if (post.flags !== undefined) return { dev: e.dev, header: e.header, flags: post.flags, ttl: e.ttl, tos: e.tos };
  return e;
}
