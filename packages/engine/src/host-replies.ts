import { TCP_SYN } from "@nfx/model";
import type { Action } from "./compiled-chain";
import { recordingEnv } from "./env";
import { IcmpRateLimit } from "./icmp-limit";
import type { LocalStack } from "./local-stack";
import { OutcomeRecorder } from "./outcome";
import { attachConntrack, icmpError, tcpReset, turnAround } from "./packets";
import type { ResponseOrigin, ResponseOutcome } from "./result";
import type { Routing } from "./routing/routing";
import { flagLetters, formatHeader, isIcmpError, type Skb } from "./skb";
import type { Traversal } from "./traverse";

const REJECT_ICMP: Readonly<Record<string, readonly [number, number]>> = {
  "icmp-net-unreachable": [3, 0],
  "icmp-host-unreachable": [3, 1],
  "icmp-proto-unreachable": [3, 2],
  "icmp-port-unreachable": [3, 3],
  "icmp-net-prohibited": [3, 9],
  "icmp-host-prohibited": [3, 10],
  "icmp-admin-prohibited": [3, 13],
};

/** Replies nest at most this deep (a reply to a reply sent while it was in flight...). */
const MAX_REPLY_DEPTH = 8;

/** How a reply leaves the host: OUTPUT and POSTROUTING as a locally generated packet without a socket. */
type SendReply = (skb: Skb, t: Traversal) => void;

/**
 * The packets the host sends on its own: the local stack's answers to a delivered packet (SYN-ACK, ACK, RST
 * of a closed port, port unreachable, echo reply), REJECT's answers and routing's ICMP errors. Each is sent
 * from inside the traversal that caused it, as a traversal of its own, and recorded as a response.
 */
export class HostReplies {
  /** Replies in the order they were sent; a slot is null while its reply is still on its way out. */
  private readonly sent: (ResponseOutcome | null)[] = [];
  private readonly icmpLimit = new IcmpRateLimit();

  constructor(
    private readonly routing: Routing,
    private readonly stack: LocalStack,
    private readonly sendReply: SendReply,
  ) {}

  /** Every reply sent so far, in order. */
  responses(): ResponseOutcome[] {
    return this.sent.filter((r): r is ResponseOutcome => r !== null);
  }

  /** A packet for this host reaches its stack, which may answer it. */
  deliver(skb: Skb, t: Traversal): void {
    const { rec } = t;
    rec.fate = "local";
    const answer = this.stack.answer(skb, this.routing.isGroupDestination(skb.dst));
    rec.step({ kind: "deliver", detail: answer.detail });
    switch (answer.kind) {
      case "segment": {
        const reply = turnAround(skb, answer.flags);
        reply.seq = answer.seq;
        reply.ack = answer.ack;
        // A SYN-ACK carries the request, whose full socket is the listener's (its program's uid and gid; the
        // scenario's listeners run as root); an ACK comes from a connection no program has accepted: no socket.
        if (answer.flags & TCP_SYN) reply.socket = "process";
        this.send(reply, answer.detail, t, "local-stack");
        return;
      }
      case "rst": {
        // tcp_v4_send_reset() sends through the kernel's TCP control socket.
        const rst = tcpReset(skb);
        rst.socket = "kernel";
        this.send(rst, answer.detail, t, "local-stack");
        return;
      }
      case "port-unreachable":
        this.icmpError(skb, 3, 3, answer.detail, t, "local-stack");
        return;
      case "echo-reply": {
        // icmp_reply() sends through the kernel's ICMP control socket.
        const reply = turnAround(skb, 0);
        reply.socket = "kernel";
        this.send(reply, answer.detail, t, "local-stack");
        return;
      }
      case "none":
        return;
    }
  }

  /** The REJECT target's answer: a TCP reset or an ICMP error. */
  reject(skb: Skb, action: Extract<Action, { k: "reject" }>, t: Traversal): void {
    // The outcome says what REJECT sent (its fate stays "dropped", as in the kernel's trace); `response` is
    // the slot this answer took, or null when none left.
    const before = this.sent.length;
    const sent = () => (this.sent.length > before ? before : null);
    if (action.with === "tcp-reset") {
      if (skb.proto === "tcp" && !this.routing.isGroupDestination(skb.dst)) {
        const rst = tcpReset(skb);
        attachConntrack(rst, skb);
        this.send(rst, "REJECT --reject-with tcp-reset", t, "reject");
      }
      t.rec.rejectedWith = { with: action.with, answer: { kind: "tcp-reset" }, response: sent() };
      return;
    }
    const [type, code] = REJECT_ICMP[action.with]!;
    this.icmpError(skb, type, code, `REJECT --reject-with ${action.with}`, t, "reject");
    t.rec.rejectedWith = { with: action.with, answer: { kind: "icmp", type, code }, response: sent() };
  }

  /** `icmp_send()`: never about an ICMP error, a broadcast or a multicast, rate limited per destination. */
  icmpError(cause: Skb, type: number, code: number, reason: string, t: Traversal, origin: ResponseOrigin): void {
    if (isIcmpError(cause) || this.routing.isGroupDestination(cause.dst)) return;
    // About a packet for this host the error comes from the address it was sent to; otherwise from the address
    // of the route back to the sender (icmp_send with saddr 0).
    const src = this.routing.isLocal(cause.dst) ? cause.dst : this.routing.sourceToward(cause.src);
    if (src === null) return;
    const error = icmpError(cause, type, code, src);
    // icmp_send() sends through the kernel's ICMP control socket (also for REJECT's ICMP answers).
    error.socket = "kernel";
    if (!this.routing.isLocal(error.dst) && !this.icmpLimit.allow(error.dst, t.env.now)) {
      t.rec.step({ kind: "warning", message: `ICMP rate limit: no ${reason}` });
      return;
    }
    this.send(error, reason, t, origin);
  }

  /** Sends a packet the host made itself, as a traversal of its own, and records it as a response. */
  private send(skb: Skb, reason: string, parent: Traversal, origin: ResponseOrigin): void {
    if (parent.depth >= MAX_REPLY_DEPTH) return;
    const index = this.sent.length;
    parent.rec.step({ kind: "response", index, reason });
    const header = formatHeader(skb);
    const flags = skb.proto === "tcp" ? flagLetters(skb.flags) : undefined;
    const rec = new OutcomeRecorder();
    // The slot is taken now so that replies keep the order they were sent in, nested ones after this one.
    this.sent.push(null);
    const { routing, now, random } = parent.env;
    const env = recordingEnv(rec, routing, now, random);
    this.sendReply(skb, { rec, env, targets: parent.targets, packet: parent.packet, depth: parent.depth + 1 });
    this.sent[index] = {
      ...rec.finish(),
      afterPacket: parent.packet,
      header,
      ...(flags === undefined ? {} : { flags }),
      reason,
      origin,
    };
  }
}
