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
});
