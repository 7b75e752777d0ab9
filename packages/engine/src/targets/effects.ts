import { formatIpv4, type Target } from "@nfx/model";
import type { EvalEnv } from "../env";
import { flagLetters, type Skb } from "../skb";

/** A target that changes the packet or logs it and lets it go on (the kernel's XT_CONTINUE). */
export type Effect = (skb: Skb, env: EvalEnv) => void;

/** The effect of a non-terminal target, or null when `target` is not one. */
export function compileEffect(target: Target): Effect | null {
  switch (target.kind) {
    case "MARK": {
      const { value, mask } = target;
      return (skb) => {
        skb.mark = ((skb.mark & ~mask) ^ value) >>> 0;
      };
    }
    case "CONNMARK":
      return compileConnmarkTarget(target);
    case "TOS": {
      const { value, mask } = target;
      return (skb) => {
        skb.tos = ((skb.tos & ~mask) ^ value) & 0xff;
      };
    }
    case "DSCP": {
      const dscp = target.dscp;
      return (skb) => {
        skb.tos = (skb.tos & 0x03) | (dscp << 2);
      };
    }
    case "TTL": {
      const { op, value } = target;
      return (skb) => {
        skb.ttl = op === "set" ? value : op === "inc" ? Math.min(255, skb.ttl + value) : Math.max(0, skb.ttl - value);
      };
    }
    case "NOTRACK":
      return untrack;
    case "CT": {
      const { notrack, zone } = target;
      if (notrack) return untrack;
      return (skb) => {
        if (!skb.ctDone && zone !== undefined) skb.zone = zone;
      };
    }
    case "LOG": {
      const prefix = target.prefix ?? "";
      return (skb, env) => env.log(`${prefix}${logLine(skb)}`);
    }
    case "NFLOG": {
      const prefix = target.prefix ?? "";
      return (skb, env) => env.log(`nflog group ${target.group ?? 0}: ${prefix}${logLine(skb)}`);
    }
    case "TRACE":
      return () => {};
    default:
      return null;
  }
}

/** NOTRACK / `CT --notrack`: a packet that already has a connection keeps it ("previously seen"). */
function untrack(skb: Skb): void {
  if (skb.ctDone) return;
  skb.ctDone = true;
  skb.ct = null;
  skb.ctinfo = "UNTRACKED";
}

function compileConnmarkTarget(target: Extract<Target, { kind: "CONNMARK" }>): Effect {
  if (target.mode === "set") {
    const { value, mask } = target;
    return (skb) => {
      if (skb.ct) skb.ct.mark = ((skb.ct.mark & ~mask) ^ value) >>> 0;
    };
  }
  const { nfmask, ctmask } = target;
  if (target.mode === "save") {
    return (skb) => {
      if (skb.ct) skb.ct.mark = ((skb.ct.mark & ~ctmask) ^ (skb.mark & nfmask)) >>> 0;
    };
  }
  return (skb) => {
    if (skb.ct) skb.mark = ((skb.mark & ~nfmask) ^ (skb.ct.mark & ctmask)) >>> 0;
  };
}

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
  const names: Record<string, string> = {
    F: "FIN",
    S: "SYN",
    R: "RST",
    P: "PSH",
    A: "ACK",
    U: "URG",
    E: "ECE",
    C: "CWR",
  };
  const order = ["C", "E", "U", "A", "P", "R", "S", "F"];
  const letters = flagLetters(flags);
  return order.filter((l) => letters.includes(l)).map((l) => names[l]!);
}
