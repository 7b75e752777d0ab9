import { GLOBAL_SYSCTL_DEFAULTS, type GlobalSysctl, globalSysctl, type Sysctls } from "@nfx/model";
import type { TcpState } from "./tcp-state";

/** Conntrack's per-namespace settings, from the host's sysctls (`net.netfilter.nf_conntrack_*`). */
export interface ConntrackConfig {
  /** `nf_conntrack_tcp_loose`: a segment other than SYN may open a connection (picked up mid-stream). */
  readonly tcpLoose: boolean;
  /** `nf_conntrack_tcp_be_liberal`: out-of-window segments are not INVALID (`tcp_in_window`). */
  readonly tcpBeLiberal: boolean;
  /** `nf_conntrack_acct`: count packets and bytes per direction (`packets=` `bytes=` in the listing). */
  readonly acct: boolean;
  /** `nf_conntrack_max`: entries past this many make a new connection fail (after an early drop attempt); 0: no limit. */
  readonly max: number;
  /** Timeouts in seconds. */
  readonly tcp: Readonly<Record<TimedTcpState, number>>;
  readonly udp: number;
  readonly udpStream: number;
  readonly icmp: number;
  /** `nf_conntrack_tcp_timeout_unacknowledged` (not a scenario sysctl yet: the kernel's 300 s). */
  readonly tcpUnacknowledged: number;
}

/** The TCP states that have a timeout sysctl of their own (SYN_SENT2 shares SYN_SENT's). */
export type TimedTcpState = Exclude<TcpState, "NONE" | "SYN_SENT2">;

const TCP_SYSCTL: Readonly<Record<TimedTcpState, GlobalSysctl>> = {
  SYN_SENT: "net.netfilter.nf_conntrack_tcp_timeout_syn_sent",
  SYN_RECV: "net.netfilter.nf_conntrack_tcp_timeout_syn_recv",
  ESTABLISHED: "net.netfilter.nf_conntrack_tcp_timeout_established",
  FIN_WAIT: "net.netfilter.nf_conntrack_tcp_timeout_fin_wait",
  CLOSE_WAIT: "net.netfilter.nf_conntrack_tcp_timeout_close_wait",
  LAST_ACK: "net.netfilter.nf_conntrack_tcp_timeout_last_ack",
  TIME_WAIT: "net.netfilter.nf_conntrack_tcp_timeout_time_wait",
  CLOSE: "net.netfilter.nf_conntrack_tcp_timeout_close",
};

export function conntrackConfig(s: Sysctls): ConntrackConfig {
  const get = (name: GlobalSysctl) => globalSysctl(s, name);
  const tcp = Object.fromEntries(Object.entries(TCP_SYSCTL).map(([state, name]) => [state, get(name)])) as Record<
    TimedTcpState,
    number
  >;
  return {
    tcpLoose: get("net.netfilter.nf_conntrack_tcp_loose") === 1,
    tcpBeLiberal: get("net.netfilter.nf_conntrack_tcp_be_liberal") === 1,
    acct: get("net.netfilter.nf_conntrack_acct") === 1,
    max: get("net.netfilter.nf_conntrack_max"),
    tcp,
    udp: get("net.netfilter.nf_conntrack_udp_timeout"),
    udpStream: get("net.netfilter.nf_conntrack_udp_timeout_stream"),
    icmp: get("net.netfilter.nf_conntrack_icmp_timeout"),
    tcpUnacknowledged: 300,
  };
}

/** The kernel's defaults, for tests and callers without a host. */
export const DEFAULT_CONNTRACK_CONFIG: ConntrackConfig = conntrackConfig(GLOBAL_SYSCTL_DEFAULTS);

/**
 * The timeout, in seconds, a TCP segment that moved a connection to `state` gives it (`nf_conntrack_tcp_packet`):
 * an RST closes at once (CLOSE's timeout); data not yet acknowledged caps it at `unacknowledged`.
 */
export function tcpTimeout(c: ConntrackConfig, state: TcpState, rst: boolean, unacked: boolean): number {
  const own = c.tcp[state === "SYN_SENT2" || state === "NONE" ? "SYN_SENT" : state];
  if (rst) return c.tcp.CLOSE;
  if (unacked && own > c.tcpUnacknowledged) return c.tcpUnacknowledged;
  return own;
}
