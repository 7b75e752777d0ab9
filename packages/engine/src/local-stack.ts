import { type Ipv4, type Listener, TCP_ACK, TCP_RST, TCP_SYN } from "@nfx/model";
import type { Skb } from "./skb";

/** What the host's own network stack answers to a packet delivered to it. */
export type StackAnswer =
  | { readonly kind: "none"; readonly detail: string }
  | { readonly kind: "syn-ack"; readonly detail: string }
  | { readonly kind: "rst"; readonly detail: string }
  | { readonly kind: "port-unreachable"; readonly detail: string }
  | { readonly kind: "echo-reply"; readonly detail: string };

/**
 * The sockets of the host: listeners from the scenario and the TCP connections they accepted. It decides the
 * kernel's own answers (SYN-ACK, RST for a closed port, port unreachable, echo reply), not the packets' paths.
 */
export class LocalStack {
  private readonly tcpFlows = new Map<string, "SYN_RECV" | "ESTABLISHED">();

  constructor(private readonly listeners: readonly Listener[]) {}

  private listening(proto: "tcp" | "udp", addr: Ipv4, port: number): boolean {
    return this.listeners.some(
      (l) => l.proto === proto && l.port === port && (l.addr === undefined || l.addr === addr),
    );
  }

  answer(skb: Skb, broadcast: boolean): StackAnswer {
    switch (skb.proto) {
      case "tcp":
        return broadcast ? { kind: "none", detail: "TCP to a broadcast address is ignored" } : this.tcp(skb);
      case "udp":
        if (this.listening("udp", skb.dst, skb.dport))
          return { kind: "none", detail: `a socket on udp/${skb.dport} reads it` };
        if (broadcast) return { kind: "none", detail: `no socket on udp/${skb.dport}; broadcasts get no error` };
        return { kind: "port-unreachable", detail: `no socket on udp/${skb.dport}: ICMP port unreachable` };
      case "icmp":
        if (skb.icmpType === 8 && !broadcast)
          return { kind: "echo-reply", detail: "the ICMP layer answers the echo request" };
        return { kind: "none", detail: `ICMP type ${skb.icmpType} taken by the ICMP layer` };
    }
  }

  private tcp(skb: Skb): StackAnswer {
    if (skb.flags & TCP_RST) return { kind: "none", detail: "a RST is never answered" };
    const key = `${skb.src}:${skb.sport}>${skb.dst}:${skb.dport}`;
    const flow = this.tcpFlows.get(key);
    const syn = (skb.flags & (TCP_SYN | TCP_ACK)) === TCP_SYN;
    if (!this.listening("tcp", skb.dst, skb.dport)) {
      return { kind: "rst", detail: `no socket listens on tcp/${skb.dport}: the kernel answers RST` };
    }
    if (syn) {
      this.tcpFlows.set(key, "SYN_RECV");
      return { kind: "syn-ack", detail: `the listener on tcp/${skb.dport} answers SYN-ACK` };
    }
    if (flow) {
      if (skb.flags & TCP_ACK) this.tcpFlows.set(key, "ESTABLISHED");
      return { kind: "none", detail: `the connection on tcp/${skb.dport} takes it` };
    }
    return { kind: "rst", detail: `tcp/${skb.dport} has no such connection: the kernel answers RST` };
  }
}
