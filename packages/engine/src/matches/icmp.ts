import type { IcmpMatch } from "@nfx/model";
import type { MatchDefinition } from "./condition";

/** `--icmp-type`: type and code range; `any` matches every ICMP packet (negated: none). */
export const icmpDefinition: MatchDefinition<IcmpMatch> = {
  needsConntrack: false,
  conditions(match) {
    const { type, codeMin, codeMax } = match.type.value;
    const invert = match.type.invert;
    const codes =
      codeMin === 0 && codeMax === 255 ? "" : codeMin === codeMax ? `/${codeMin}` : `/${codeMin}:${codeMax}`;
    return [
      {
        code: "icmp.proto",
        option: "-m",
        invert: false,
        rule: "icmp",
        test: (skb) => skb.proto === "icmp",
        packet: (skb) => skb.proto,
      },
      {
        code: "icmp.type",
        option: "--icmp-type",
        invert,
        rule: type === "any" ? "any" : `${type}${codes}`,
        test: (skb) =>
          (type === "any" || (skb.icmpType === type && skb.icmpCode >= codeMin && skb.icmpCode <= codeMax)) !== invert,
        packet: (skb) => `${skb.icmpType}/${skb.icmpCode}`,
      },
    ];
  },
};
