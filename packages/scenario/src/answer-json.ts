import type { PacketOutcome, ResponseOutcome, SimulationResult } from "@nfx/engine";

/**
 * The answer format: what `nfx trace --json` prints and what the recorder writes from the live kernel
 * (`conformance/NAME.expected.json`, `nfx record`), so the two can be compared field by field. Field names are
 * the file's own (snake_case); key order is the order the recorder has always written.
 */
export interface Answer {
  readonly packets: readonly AnswerPacket[];
  /** Packets the host itself sent in answer (REJECT, a SYN-ACK, an ICMP error...), in the order they left. */
  readonly responses: readonly AnswerResponse[];
  /** `conntrack -L` after the last packet, without timeouts. */
  readonly conntrack: readonly string[];
}

/** The kernel's answer: an {@link Answer} that says which kernel gave it. */
export interface KernelAnswer extends Answer {
  /** `uname -r` of the machine that recorded it. */
  readonly kernel: string;
}

/** What happened to a packet in the end. */
export type AnswerFate = "local" | "forwarded" | "sent" | "dropped";

/** What left the host toward a neighbour, as the neighbour received it. */
export interface AnswerEgress {
  readonly dev: string;
  readonly header: string;
  /** TCP flag letters; absent for udp and icmp. */
  readonly flags?: string;
  readonly ttl: number;
  readonly tos: number;
  /** An ICMP query or its reply: the identifier and sequence number. */
  readonly icmp_id?: number;
  readonly icmp_seq?: number;
  /** An ICMP error: the header it quotes (`udp 10.0.0.2:4000 > 10.0.0.1:53`), as NAT left it. */
  readonly inner?: string;
}

export interface AnswerPacket {
  /** Kernel-style trace lines (`nat:PREROUTING:rule:1:ACCEPT`). */
  readonly trace: readonly string[];
  /** Each distinct header the packet had when it entered a base chain, in order. */
  readonly headers: readonly string[];
  readonly fate: AnswerFate;
  readonly egress: AnswerEgress | null;
  /** For a local packet the host refused to send: the errno text sendto() returns. */
  readonly send_error?: string;
  /** The engine's notes on what it does not model; a kernel recording has none. */
  readonly warnings?: readonly string[];
}

export interface AnswerResponse extends AnswerPacket {
  /** 1-based index of the scenario packet that caused it. */
  readonly after_packet: number;
  readonly header: string;
  readonly flags?: string;
}

/** The engine's egress with the answer format's field names (the ICMP details in snake_case). */
function egressAnswer(e: PacketOutcome["egress"]): AnswerEgress | null {
  if (!e) return null;
  const { icmpId, icmpSeq, inner, ...rest } = e;
  return {
    ...rest,
    ...(icmpId === undefined ? {} : { icmp_id: icmpId }),
    ...(icmpSeq === undefined ? {} : { icmp_seq: icmpSeq }),
    ...(inner === undefined ? {} : { inner }),
  };
}

function packetAnswer(p: PacketOutcome): AnswerPacket {
  return {
    trace: p.trace,
    headers: p.headers,
    fate: p.fate,
    egress: egressAnswer(p.egress),
    ...(p.sendError === undefined ? {} : { send_error: p.sendError }),
    ...(p.warnings.length ? { warnings: p.warnings } : {}),
  };
}

function responseAnswer(r: ResponseOutcome): AnswerResponse {
  return {
    after_packet: r.afterPacket,
    header: r.header,
    ...(r.flags === undefined ? {} : { flags: r.flags }),
    ...packetAnswer(r),
  };
}

/** The engine's result in the answer format. */
export function toAnswer(result: SimulationResult): Answer {
  return {
    packets: result.packets.map(packetAnswer),
    responses: result.responses.map(responseAnswer),
    conntrack: result.conntrack,
  };
}
