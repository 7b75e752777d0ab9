import { formatIpv4 } from "@nfx/model";
import type { NativeChainId, TraceVerdict } from "../result";
import type { Skb } from "../skb";
import { TCP_FLAG_BITS } from "./symbols";

/**
 * The lines `nft monitor trace` prints for a native chain, without their `trace id` prefix, so the app can show
 * each step in the kernel's own words: `inet fw input packet: iif "eth0" ip saddr ...`,
 * `inet fw input rule tcp dport 22 accept (verdict accept)`, `inet fw input policy drop`.
 */
const where = (at: NativeChainId) => `${at.family} ${at.table} ${at.chain}`;

/** The verdict word of a trace line in nft's spelling (`jump web`, `accept`). */
export function monitorVerdict(v: TraceVerdict): string {
  if (v.startsWith("JUMP:")) return `jump ${v.slice(5)}`;
  if (v.startsWith("GOTO:")) return `goto ${v.slice(5)}`;
  return v.toLowerCase();
}

export function monitorRule(at: NativeChainId, ruleText: string, v: TraceVerdict): string {
  return `${where(at)} rule ${ruleText} (verdict ${monitorVerdict(v)})`;
}

export function monitorPolicy(at: NativeChainId, v: "ACCEPT" | "DROP"): string {
  return `${where(at)} policy ${v.toLowerCase()}`;
}

/** The `packet:` line: the devices, then the network and transport headers as nft names their fields. */
export function monitorPacket(at: NativeChainId, skb: Skb, hookOut: string | null): string {
  const parts: string[] = [];
  if (skb.inIface) parts.push(`iif "${skb.inIface}"`);
  if (hookOut) parts.push(`oif "${hookOut}"`);
  if (skb.mark) parts.push(`meta mark 0x${skb.mark.toString(16).padStart(8, "0")}`);
  parts.push(
    `ip saddr ${formatIpv4(skb.src)}`,
    `ip daddr ${formatIpv4(skb.dst)}`,
    `ip dscp 0x${(skb.tos >>> 2).toString(16).padStart(2, "0")}`,
    `ip ttl ${skb.ttl}`,
    `ip id ${skb.id}`,
    `ip length ${skb.length}`,
  );
  if (skb.proto === "icmp") {
    parts.push(`icmp type ${skb.icmpType}`, `icmp code ${skb.icmpCode}`);
  } else {
    parts.push(`${skb.proto} sport ${skb.sport}`, `${skb.proto} dport ${skb.dport}`);
  }
  if (skb.proto === "tcp") {
    const names = Object.entries(TCP_FLAG_BITS)
      .filter(([, bit]) => skb.flags & bit)
      .map(([n]) => n);
    parts.push(`tcp flags == ${names.length > 1 ? `(${names.join(" | ")})` : (names[0] ?? "0x0")}`);
  }
  return `${where(at)} packet: ${parts.join(" ")}`;
}
