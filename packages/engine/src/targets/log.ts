import { formatIpv4, type LogTarget, type NflogTarget, type Target, TCP_FLAG_NAMES } from "@nfx/model";
import { flagLetters, type Skb } from "../skb";
import { noConntrack, type TargetDefinition } from "./definition";

/** LOG: a kernel log line (`IN=eth0 OUT= SRC=...`) with the rule's prefix; the packet goes on. */
export const logDefinition: TargetDefinition<LogTarget> = {
  action(target) {
    const prefix = target.prefix ?? "";
    return { k: "effect", apply: (skb, env) => env.log(`${prefix}${logLine(skb)}`) };
  },
  needsConntrack: noConntrack,
  explain: (target) => ({ kind: "log", prefix: target.prefix ?? "", group: null }),
};

/** NFLOG: the same line to a netlink group (0 unless given); the packet goes on. */
export const nflogDefinition: TargetDefinition<NflogTarget> = {
  action(target) {
    const prefix = target.prefix ?? "";
    const group = target.group ?? 0;
    return { k: "effect", apply: (skb, env) => env.log(`nflog group ${group}: ${prefix}${logLine(skb)}`) };
  },
  needsConntrack: noConntrack,
  explain: (target) => ({ kind: "log", prefix: target.prefix ?? "", group: target.group ?? 0 }),
};

/** TRACE: asks the kernel to trace the packet; the simulator records every packet's path anyway. */
export const traceDefinition: TargetDefinition<Extract<Target, { kind: "TRACE" }>> = {
  action: () => ({ k: "effect", apply: () => {} }),
  needsConntrack: noConntrack,
  explain: () => ({ kind: "trace" }),
};

/** The body of a kernel LOG line (`IN=eth0 OUT= SRC=... PROTO=TCP SPT=... DPT=...`). */
function logLine(skb: Skb): string {
  const parts = [
    `IN=${skb.inIface ?? ""}`,
    `OUT=${skb.outIface ?? ""}`,
    `SRC=${formatIpv4(skb.src)}`,
    `DST=${formatIpv4(skb.dst)}`,
    `LEN=${skb.length}`,
    `TOS=0x${hex2(skb.tos & 0x1e)}`,
    `PREC=0x${hex2(skb.tos & 0xe0)}`,
    `TTL=${skb.ttl}`,
    `ID=${skb.id}`,
    `PROTO=${skb.proto.toUpperCase()}`,
  ];
  if (skb.proto === "icmp") parts.push(`TYPE=${skb.icmpType}`, `CODE=${skb.icmpCode}`);
  else parts.push(`SPT=${skb.sport}`, `DPT=${skb.dport}`);
  if (skb.proto === "tcp") parts.push(...flagWords(skb.flags));
  if (skb.mark) parts.push(`MARK=0x${skb.mark.toString(16)}`);
  return parts.join(" ");
}

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, "0");
}

function flagWords(flags: number): string[] {
  const order = ["C", "E", "U", "A", "P", "R", "S", "F"];
  const letters = flagLetters(flags);
  return order.filter((l) => letters.includes(l)).map((l) => TCP_FLAG_NAMES[l]!);
}
