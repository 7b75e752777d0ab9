import { formatRuleAsCommand } from "@nfx/iptables-save";
import { describe, expect, it } from "vitest";
import { buildRule, EMPTY_FORM } from "./rule-form-model";

describe("the rule form builds the rule iptables would", () => {
  it("adds -m pkttype for a chosen packet type", () => {
    const { rule, errors } = buildRule({ ...EMPTY_FORM, pktType: "broadcast", target: "DROP" });
    expect(errors).toEqual({});
    expect(formatRuleAsCommand("filter", "INPUT", rule!)).toBe(
      "iptables -A INPUT -m pkttype --pkt-type broadcast -j DROP",
    );
  });

  it("adds -m ecn with the flags and field chosen, and refuses the flags without tcp", () => {
    const v = {
      ...EMPTY_FORM,
      proto: "tcp" as const,
      ecnFlags: ["cwr" as const, "ece" as const],
      ecnEct: "2" as const,
    };
    const { rule } = buildRule(v);
    expect(formatRuleAsCommand("filter", "INPUT", rule!)).toBe(
      "iptables -A INPUT -p tcp -m ecn --ecn-tcp-ece --ecn-tcp-cwr --ecn-ip-ect 2 -j ACCEPT",
    );
    expect(buildRule({ ...v, proto: "udp" }).errors.ecnFlags).toBe("ECE and CWR need protocol tcp");
  });
});
