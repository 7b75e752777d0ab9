import { TCP_ACK, TCP_FIN, TCP_RST, TCP_SYN } from "@nfx/model";

/** TCP conntrack states, named as `conntrack -L` prints them. */
export type TcpState =
  | "NONE"
  | "SYN_SENT"
  | "SYN_RECV"
  | "ESTABLISHED"
  | "FIN_WAIT"
  | "CLOSE_WAIT"
  | "LAST_ACK"
  | "TIME_WAIT"
  | "CLOSE"
  | "SYN_SENT2";

/** A transition's result: a state, or the kernel's "ignore" and "invalid". */
type TcpNext = TcpState | "IGNORE" | "INVALID";

const ORDER: readonly TcpState[] = [
  "NONE",
  "SYN_SENT",
  "SYN_RECV",
  "ESTABLISHED",
  "FIN_WAIT",
  "CLOSE_WAIT",
  "LAST_ACK",
  "TIME_WAIT",
  "CLOSE",
  "SYN_SENT2",
];

const sSS = "SYN_SENT";
const sSR = "SYN_RECV";
const sES = "ESTABLISHED";
const sFW = "FIN_WAIT";
const sCW = "CLOSE_WAIT";
const sLA = "LAST_ACK";
const sTW = "TIME_WAIT";
const sCL = "CLOSE";
const sS2 = "SYN_SENT2";
const sIV = "INVALID";
const sIG = "IGNORE";

type Row = readonly TcpNext[];

/** `tcp_conntracks[dir][flag class][old state]` from `net/netfilter/nf_conntrack_proto_tcp.c`. */
const TABLE: readonly [Record<FlagClass, Row>, Record<FlagClass, Row>] = [
  {
    syn: [sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2],
    synack: [sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR],
    fin: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    ack: [sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV],
    rst: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    none: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  },
  {
    syn: [sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2],
    synack: [sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR],
    fin: [sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV],
    ack: [sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG],
    rst: [sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL],
    none: [sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV],
  },
];

/** The row of the state table a segment selects (`enum tcp_bit_set`). */
export type FlagClass = "syn" | "synack" | "fin" | "ack" | "rst" | "none";

/** `get_conntrack_index()`: which row a segment's flags select. */
export function flagClass(flags: number): FlagClass {
  if (flags & TCP_RST) return "rst";
  if (flags & TCP_SYN) return flags & TCP_ACK ? "synack" : "syn";
  if (flags & TCP_FIN) return "fin";
  if (flags & TCP_ACK) return "ack";
  return "none";
}

export function tcpTransition(state: TcpState, dir: 0 | 1, flags: number): TcpNext {
  const row = TABLE[dir][flagClass(flags)];
  return row[ORDER.indexOf(state)] ?? "INVALID";
}

/**
 * A SYN that takes TIME_WAIT or CLOSE back to SYN_SENT: `nf_conntrack_tcp_packet()` kills the entry and has the
 * SYN looked up again when the connection was closed (`reopenAllowed`), and ignores the SYN otherwise.
 */
export function synOnClosed(old: TcpState, next: TcpNext): boolean {
  return next === "SYN_SENT" && ORDER.indexOf(old) >= ORDER.indexOf("TIME_WAIT");
}

/**
 * `tcp_new()`: whether a segment may open a connection. SYN always; with `nf_conntrack_tcp_loose` any segment
 * whose transition from NONE is valid (a lone ACK is picked up mid-stream); everything else is INVALID.
 */
export function tcpCanOpen(flags: number, loose: boolean): TcpState | null {
  const next = tcpTransition("NONE", 0, flags);
  if (next === "SYN_SENT") return next;
  if (next === "ESTABLISHED" && loose) return next;
  return null;
}

const URG = 32;

/** `tcp_valid_flags[]` of `tcp_error()`: any other combination (PSH ignored) makes the segment INVALID. */
const VALID_FLAGS: ReadonlySet<number> = new Set([
  TCP_SYN,
  TCP_SYN | URG,
  TCP_SYN | TCP_ACK,
  TCP_RST,
  TCP_RST | TCP_ACK,
  TCP_FIN | TCP_ACK,
  TCP_FIN | TCP_ACK | URG,
  TCP_ACK,
  TCP_ACK | URG,
]);

export function validFlagCombination(flags: number): boolean {
  return VALID_FLAGS.has(flags & (TCP_FIN | TCP_SYN | TCP_RST | TCP_ACK | URG));
}
