import type { PacketOutcome, ResponseOutcome, SimulationResult } from "./result";

/**
 * The kernel-answer shape: what `nfx trace --json` prints and what the recorder writes from the live kernel,
 * so the two can be compared field by field.
 */
export interface Answer {
  readonly packets: readonly AnswerPacket[];
  readonly responses: readonly AnswerResponse[];
  readonly conntrack: readonly string[];
}

export interface AnswerPacket {
  readonly trace: readonly string[];
  readonly headers: readonly string[];
  readonly fate: PacketOutcome["fate"];
  readonly egress: PacketOutcome["egress"];
  readonly send_error?: string;
  readonly warnings?: readonly string[];
}

export interface AnswerResponse extends AnswerPacket {
  readonly after_packet: number;
  readonly header: string;
  readonly flags?: string;
}

function packetAnswer(p: PacketOutcome): AnswerPacket {
  return {
    trace: p.trace,
    headers: p.headers,
    fate: p.fate,
    egress: p.egress,
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

export function toAnswer(result: SimulationResult): Answer {
  return {
    packets: result.packets.map(packetAnswer),
    responses: result.responses.map(responseAnswer),
    conntrack: result.conntrack,
  };
}
