import { type Ipv4, type Listener, TCP_ACK, TCP_CWR, TCP_ECE, TCP_FIN, TCP_RST, TCP_SYN } from "@nfx/model";
import type { Skb } from "./skb";

/** What the host's own network stack answers to a packet delivered to it. */
type StackAnswer =
  | { readonly kind: "none"; readonly detail: string }
  | {
      readonly kind: "segment";
      readonly flags: number;
      readonly seq: number;
      readonly ack: number;
      readonly detail: string;
    }
  | { readonly kind: "rst"; readonly detail: string }
  | { readonly kind: "port-unreachable"; readonly detail: string }
  | { readonly kind: "echo-reply"; readonly detail: string };

/** A connection a listener took: the next sequence number each side will send. */
interface TcpFlow {
  state: "SYN_RECV" | "ESTABLISHED";
  localNext: number;
  remoteNext: number;
}

/**
 * The sockets of the host: listeners from the scenario and the TCP connections they took. It decides the
 * kernel's own answers (SYN-ACK, ACKs of data and FIN, RST for a closed port, port unreachable, echo reply),
 * not the packets' paths. The listeners never accept(), as in the kernel recordings: data is ACKed and
 * queued, a FIN is ACKed, and the host never closes its side.
 */
export class LocalStack {
  private readonly tcpFlows = new Map<string, TcpFlow>();

  constructor(
    private readonly listeners: readonly Listener[],
    private readonly isn: () => number,
  ) {}

  private listening(proto: "tcp" | "udp", addr: Ipv4, port: number): boolean {
    return this.listeners.some(
      (l) => l.proto === proto && l.port === port && (l.addr === undefined || l.addr === addr),
    );
  }

  /** `broadcast`: the destination is a broadcast or a multicast group (the kernel treats both alike here). */
  answer(skb: Skb, broadcast: boolean): StackAnswer {
    switch (skb.proto) {
      case "tcp":
        return broadcast
          ? { kind: "none", detail: "TCP to a broadcast or multicast address is ignored" }
          : this.tcp(skb);
      case "udp":
        if (this.listening("udp", skb.dst, skb.dport))
          return { kind: "none", detail: `a socket on udp/${skb.dport} reads it` };
        if (broadcast)
          return { kind: "none", detail: `no socket on udp/${skb.dport}; broadcasts and multicasts get no error` };
        return { kind: "port-unreachable", detail: `no socket on udp/${skb.dport}: ICMP port unreachable` };
      case "icmp":
        if (skb.icmpType === 8 && !broadcast)
          return { kind: "echo-reply", detail: "the ICMP layer answers the echo request" };
        if (skb.icmpType === 8)
          return { kind: "none", detail: "an echo request to a broadcast or multicast address is ignored" };
        return { kind: "none", detail: `ICMP type ${skb.icmpType} taken by the ICMP layer` };
    }
  }

  private tcp(skb: Skb): StackAnswer {
    if (skb.flags & TCP_RST) return { kind: "none", detail: "a RST is never answered" };
    if (!this.listening("tcp", skb.dst, skb.dport)) {
      return { kind: "rst", detail: `no socket listens on tcp/${skb.dport}: the kernel answers RST` };
    }
    const key = `${skb.src}:${skb.sport}>${skb.dst}:${skb.dport}`;
    const flow = this.tcpFlows.get(key);
    if ((skb.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN) {
      // tcp_rcv_state_process() in LISTEN: a SYN that also carries FIN is discarded.
      if (skb.flags & TCP_FIN) return { kind: "none", detail: `the listener on tcp/${skb.dport} discards SYN+FIN` };
      const isn = flow?.state === "SYN_RECV" ? (flow.localNext - 1) >>> 0 : this.isn();
      const remoteNext = (skb.seq + 1) >>> 0;
      this.tcpFlows.set(key, { state: "SYN_RECV", localNext: (isn + 1) >>> 0, remoteNext });
      // tcp_ecn_create_request(): a SYN with ECE and CWR on a Not-ECT packet asks for ECN, and net.ipv4.tcp_ecn's
      // default (2) grants it: the SYN-ACK carries ECE.
      const ecn = (skb.flags & (TCP_ECE | TCP_CWR)) === (TCP_ECE | TCP_CWR) && (skb.tos & 3) === 0;
      return {
        kind: "segment",
        flags: TCP_SYN | TCP_ACK | (ecn ? TCP_ECE : 0),
        seq: isn,
        ack: remoteNext,
        detail: `the listener on tcp/${skb.dport} answers SYN-ACK${ecn ? " (ECE: ECN granted)" : ""}`,
      };
    }
    // A segment without ACK (no flags at all, a lone FIN, FIN+PSH+URG...) is discarded, by a listener
    // (tcp_rcv_state_process in LISTEN) as by a connection (tcp_ack is never reached without ACK).
    if (!(skb.flags & TCP_ACK)) {
      return { kind: "none", detail: `tcp/${skb.dport} discards a segment with neither SYN nor ACK` };
    }
    if (!flow) {
      return { kind: "rst", detail: `tcp/${skb.dport} has no such connection: the kernel answers RST` };
    }
    flow.state = "ESTABLISHED";
    const advance = skb.payloadLength + (skb.flags & TCP_FIN ? 1 : 0);
    if (advance === 0) return { kind: "none", detail: `the connection on tcp/${skb.dport} takes it` };
    flow.remoteNext = (skb.seq + advance) >>> 0;
    const what = skb.flags & TCP_FIN ? (skb.payloadLength ? "data and FIN" : "FIN") : `${skb.payloadLength} bytes`;
    return {
      kind: "segment",
      flags: TCP_ACK,
      seq: flow.localNext,
      ack: flow.remoteNext,
      detail: `the connection on tcp/${skb.dport} acknowledges the ${what}`,
    };
  }
}
