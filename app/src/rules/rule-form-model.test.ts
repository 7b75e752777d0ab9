import { formatRuleAsCommand } from "@nfx/iptables-save";
import type { TargetKind } from "@nfx/model";
import { type TargetCheck, targetAllowed } from "@nfx/ruleset-edit";
import { describe, expect, it } from "vitest";
import { stringsFor } from "../i18n";
import { buildRule, EMPTY_FORM } from "./rule-form-model";
import { FORM_TARGETS, TARGET_FORMS } from "./target-forms";

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

describe("each target the form offers comes from its one form record", () => {
  const filled = {
    ...EMPTY_FORM,
    proto: "tcp" as const,
    to: "10.0.0.2:80",
    logPrefix: "seen",
    mark: "0x1",
    jumpTo: "web",
    rejectWith: "tcp-reset" as const,
  };
  const commands: Record<string, string> = {
    ACCEPT: "-j ACCEPT",
    DROP: "-j DROP",
    REJECT: "-j REJECT --reject-with tcp-reset",
    RETURN: "-j RETURN",
    LOG: "-j LOG --log-prefix seen",
    jump: "-j web",
    DNAT: "-j DNAT --to-destination 10.0.0.2:80",
    SNAT: "-j SNAT --to-source 10.0.0.2:80",
    MARK: "-j MARK --set-xmark 0x1/0xffffffff",
    NOTRACK: "-j NOTRACK",
  };

  it("offers the targets in the form's order, each building the command iptables would print", () => {
    expect(FORM_TARGETS).toEqual([...Object.keys(commands).slice(0, 8), "MASQUERADE", "REDIRECT", "MARK", "NOTRACK"]);
    for (const [target, command] of Object.entries(commands)) {
      const { rule, errors } = buildRule({ ...filled, target: target as TargetKind });
      expect(errors, target).toEqual({});
      expect(formatRuleAsCommand("filter", "INPUT", rule!)).toBe(`iptables -A INPUT -p tcp ${command}`);
    }
  });

  it("takes ports for MASQUERADE and REDIRECT, and refuses a target the form does not offer", () => {
    const { rule } = buildRule({ ...filled, target: "REDIRECT", to: "8080" });
    expect(formatRuleAsCommand("nat", "PREROUTING", rule!)).toBe(
      "iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 8080",
    );
    expect(TARGET_FORMS.CONNMARK).toBeNull();
    const connmark = buildRule({ ...filled, target: "CONNMARK" });
    expect(connmark.rule).toBeNull();
    expect(connmark.errors.target).toContain("the form does not offer it");
  });
});

describe("a target the kernel refuses here is said in the reader's language", () => {
  const refused = (check: TargetCheck) => {
    if (check.ok) throw new Error("expected a refusal");
    return check;
  };

  it("names the table or the hooks the target needs", () => {
    const table = refused(targetAllowed("filter", "INPUT", "DNAT"));
    expect(stringsFor("en").rules.form.placement(table)).toBe("DNAT is only valid in the nat table, not in filter.");
    expect(stringsFor("zh").rules.form.placement(table)).toBe("DNAT 只能用于 nat 表，不能用于 filter。");
    const hooks = refused(targetAllowed("nat", ["PREROUTING", "POSTROUTING"], "DNAT"));
    expect(stringsFor("en").rules.form.placement(hooks)).toBe(
      "DNAT is only valid in PREROUTING and OUTPUT, not in POSTROUTING (this chain is reached from there).",
    );
    expect(stringsFor("en").rules.form.placement(refused(targetAllowed("nat", "PREROUTING", "DROP")))).toContain(
      "inhibited",
    );
  });
});
