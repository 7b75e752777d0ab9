import { describe, expect, it } from "vitest";
import { formatRuleset, parseRuleset } from "../src/index";

// iptables 1.8.9 (nf_tables) keeps only the flag of a source NAT's port base: iptables-save prints `/0`, and
// iptables-restore then refuses its own output ("Port `0' not valid"). Seen in a network namespace:
//   -A POSTROUTING -o eth1 -p tcp -j SNAT --to-source 192.168.1.1:10-20/5   (restored)
//   -A POSTROUTING -o eth1 -p tcp -j SNAT --to-source 192.168.1.1:10-20/0   (saved; restoring it fails)
const ruleset = (rule: string) => `*nat\n:POSTROUTING ACCEPT [0:0]\n${rule}\nCOMMIT\n`;

describe("a source NAT's port base, as iptables 1.8.9 saves and restores it", () => {
  it("is accepted as written and printed as /0, as iptables-save prints it", () => {
    const parsed = parseRuleset(ruleset("-A POSTROUTING -o eth1 -p tcp -j SNAT --to-source 192.168.1.1:10-20/5"));
    expect(parsed.diagnostics).toEqual([]);
    expect(formatRuleset(parsed.ruleset)).toContain("--to-source 192.168.1.1:10-20/0");
  });
  it("is refused when written as /0, as iptables-restore refuses iptables-save's own line", () => {
    const parsed = parseRuleset(ruleset("-A POSTROUTING -o eth1 -p tcp -j SNAT --to-source 192.168.1.1:10-20/0"));
    expect(parsed.diagnostics.map((d) => d.message)).toEqual(["Port `0' not valid"]);
  });
});
