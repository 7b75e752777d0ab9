import type { Kernel } from "./kernel";
import { OutcomeRecorder } from "./outcome";
import { icmpError, tcpReset, turnAround } from "./packets";
import { localOut } from "./paths";
import type { ResponseOrigin } from "./result";
import { flagLetters, formatHeader, isIcmpError, type Skb } from "./skb";

export function deliver(k: Kernel, skb: Skb, rec: OutcomeRecorder): void {
  rec.fate = "local";
  const answer = k.stack.answer(skb, k.routing.isBroadcast(skb.dst));
  rec.step({ kind: "deliver", detail: answer.detail });
  switch (answer.kind) {
    case "segment": {
      const reply = turnAround(skb, answer.flags);
      reply.seq = answer.seq;
      reply.ack = answer.ack;
      respond(k, reply, answer.detail, rec, "local-stack");
      return;
    }
    case "rst":
      respond(k, tcpReset(skb), answer.detail, rec, "local-stack");
      return;
    case "port-unreachable":
      answerIcmpError(k, skb, 3, 3, answer.detail, rec, "local-stack");
      return;
    case "echo-reply":
      respond(k, turnAround(skb, 0), answer.detail, rec, "local-stack");
      return;
    case "none":
      return;
  }
}

/** `icmp_send()`: never about an ICMP error or a broadcast, rate limited per destination. */
export function answerIcmpError(
  k: Kernel,
  cause: Skb,
  type: number,
  code: number,
  reason: string,
  rec: OutcomeRecorder,
  origin: ResponseOrigin,
): void {
  if (isIcmpError(cause) || k.routing.isBroadcast(cause.dst)) return;
  // About a packet for this host the error comes from the address it was sent to; otherwise from the address
  // of the route back to the sender (icmp_send with saddr 0).
  const src = k.routing.isLocal(cause.dst) ? cause.dst : k.routing.sourceToward(cause.src);
  if (src === null) return;
  const error = icmpError(cause, type, code, src);
  if (!k.routing.isLocal(error.dst) && !k.icmpLimit.allow(error.dst, k.env.now)) {
    rec.step({ kind: "warning", message: `ICMP rate limit: no ${reason}` });
    return;
  }
  respond(k, error, reason, rec, origin);
}

/** Sends a packet the host made itself, through OUTPUT and POSTROUTING, and records it as a response. */
export function respond(k: Kernel, skb: Skb, reason: string, parent: OutcomeRecorder, origin: ResponseOrigin): void {
  if (k.recs.length > 8) return;
  const index = k.responseList.length;
  parent.step({ kind: "response", index, reason });
  const header = formatHeader(skb);
  const flags = skb.proto === "tcp" ? flagLetters(skb.flags) : undefined;
  const rec = new OutcomeRecorder();
  // The slot is taken now so that answers keep the order they were sent in, nested ones after this one.
  k.responseList.push(null);
  k.recs.push(rec);
  const savedHook = k.env.hook;
  const savedTable = k.env.table;
  localOut(k, skb, rec, false);
  k.env.hook = savedHook;
  k.env.table = savedTable;
  k.recs.pop();
  const done = rec.finish();
  k.responseList[index] = {
    ...done,
    afterPacket: k.packetNumber,
    header,
    ...(flags === undefined ? {} : { flags }),
    reason,
    origin,
  };
}
