import type { IcmpMatch } from "@nfx/model";
import type { Predicate } from "./predicate";

/** `--icmp-type`: type and code range; `any` matches every ICMP packet (negated: none). */
export function compileIcmp(match: IcmpMatch): Predicate {
  const { type, codeMin, codeMax } = match.type.value;
  const invert = match.type.invert;
  return (skb) => {
    if (skb.proto !== "icmp") return false;
    const hit = type === "any" || (skb.icmpType === type && skb.icmpCode >= codeMin && skb.icmpCode <= codeMax);
    return hit !== invert;
  };
}
