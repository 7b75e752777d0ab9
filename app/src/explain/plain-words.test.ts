import { parseRuleset } from "@nfx/iptables-save";
import type { Rule } from "@nfx/model";
import { describe, expect, it } from "vitest";
import { stringsFor } from "../i18n";
import { plainWords } from "./plain-words";

function rules(text: string, table = "filter"): Rule[] {
  const { ruleset, diagnostics } = parseRuleset(`*${table}\n:INPUT ACCEPT [0:0]\n:web - [0:0]\n${text}\nCOMMIT\n`);
  expect(diagnostics).toEqual([]);
  return ruleset.tables[0]!.chains.flatMap((c) => c.rules);
}

describe("a rule in plain words, in the reader's language", () => {
  const [ssh, jump, any, ecn] = rules(
    [
      "-A INPUT -s 10.0.0.0/8 -i eth0 -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT",
      "-A INPUT ! -d 192.0.2.1/32 -p udp -m multiport --dports 53,1000:2000 -j web",
      "-A INPUT -j DROP",
      "-A INPUT -p tcp -m ecn --ecn-tcp-ece ! --ecn-tcp-cwr -m statistic --mode nth --every 3 --packet 0 -j RETURN",
    ].join("\n"),
  );

  it("in English", () => {
    const en = stringsFor("en");
    expect(plainWords(ssh!, en)).toBe("tcp from 10.0.0.0/8 in on eth0 to port 22 connection new → accept");
    expect(plainWords(jump!, en)).toBe("udp to not 192.0.2.1 to port 53, 1000-2000 → go to web and come back");
    expect(plainWords(any!, en)).toBe("every packet → drop");
    expect(plainWords(ecn!, en)).toBe("tcp ECE, no CWR every 3th packet → return");
  });

  it("in Chinese, with the same operands", () => {
    const zh = stringsFor("zh");
    expect(plainWords(ssh!, zh)).toBe("tcp，来自 10.0.0.0/8，从 eth0 进入，目的端口 22，连接为 NEW → 接受");
    expect(plainWords(jump!, zh)).toBe("udp，发往 非 192.0.2.1，目的端口 53、1000-2000 → 跳转到 web 并返回");
    expect(plainWords(any!, zh)).toBe("所有数据包 → 丢弃");
    expect(plainWords(ecn!, zh)).toBe("tcp，ECE、无 CWR，每 3 个数据包一次 → 返回");
  });

  it("words NAT targets in each language", () => {
    const [dnat] = rules("-A PREROUTING -p tcp -j DNAT --to-destination 10.0.0.2:80", "nat");
    expect(plainWords(dnat!, stringsFor("en"))).toBe("tcp → rewrite the destination (DNAT)");
    expect(plainWords(dnat!, stringsFor("zh"))).toBe("tcp → 改写目的地址（DNAT）");
  });
});
