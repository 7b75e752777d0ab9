import type { Ipv4 } from "./addresses";

export type Proto = "tcp" | "udp" | "icmp";

/**
 * TCP flag letters in bit order F S R P A U E C, as scenarios and results write them ("SA" = SYN+ACK; E is ECE,
 * C is CWR, the ECN flags).
 */
export const TCP_FLAG_LETTERS = "FSRPAUEC";
export const TCP_FIN = 1;
export const TCP_SYN = 2;
export const TCP_RST = 4;
export const TCP_PSH = 8;
export const TCP_ACK = 16;
export const TCP_URG = 32;
export const TCP_ECE = 64;
export const TCP_CWR = 128;

/** Each flag letter's name, as the kernel's LOG line and tcpdump write it. */
export const TCP_FLAG_NAMES: Readonly<Record<string, string>> = {
  F: "FIN",
  S: "SYN",
  R: "RST",
  P: "PSH",
  A: "ACK",
  U: "URG",
  E: "ECE",
  C: "CWR",
};

export function formatTcpFlags(bits: number): string {
  let out = "";
  for (let i = 0; i < TCP_FLAG_LETTERS.length; i++) if (bits & (1 << i)) out += TCP_FLAG_LETTERS[i];
  return out;
}

/** Parses flag letters in any order; returns null if a letter is not one of F S R P A U E C. */
export function parseTcpFlags(text: string): number | null {
  let bits = 0;
  for (const ch of text.toUpperCase()) {
    const i = TCP_FLAG_LETTERS.indexOf(ch);
    if (i < 0) return null;
    bits |= 1 << i;
  }
  return bits;
}

/** The header an ICMP error carries inside it (the offending packet's first bytes). */
export interface InnerHeader {
  readonly proto: Proto;
  readonly src: Ipv4;
  readonly dst: Ipv4;
  readonly sport: number;
  readonly dport: number;
  readonly icmpType: number;
  readonly icmpCode: number;
  readonly icmpId: number;
}

/** A packet to send: where it enters (`from` an interface, or `local` for a local process) and its header. */
export interface PacketSpec {
  readonly from: string;
  readonly proto: Proto;
  readonly src: Ipv4;
  readonly dst: Ipv4;
  /** Ports for tcp/udp; 0 for icmp. */
  readonly sport: number;
  readonly dport: number;
  /** TCP flag bits (FIN=1 ... URG=32, ECE=64, CWR=128); 0 for udp/icmp. */
  readonly flags: number;
  readonly icmpType: number;
  readonly icmpCode: number;
  readonly icmpId: number;
  readonly icmpSeq: number;
  readonly ttl: number;
  readonly tos: number;
  readonly id: number;
  readonly seq?: number;
  /** A number, or "auto": acknowledge what the host last sent on this flow. */
  readonly ack?: number | "auto";
  /** TCP window. */
  readonly window: number;
  readonly payloadLength: number;
  readonly mark: number;
  readonly inner?: InnerHeader;
  /** Source MAC of a packet from the wire; absent: the neighbour's own. */
  readonly mac?: string;
  /** The sending process's uid and gid (local packets). */
  readonly uid: number;
  readonly gid: number;
  /** Milliseconds from the start of the scenario. */
  readonly at: number;
  /** Seconds the clock moves forward before this packet (conntrack entries expire meanwhile). */
  readonly advance?: number;
}
