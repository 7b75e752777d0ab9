import { parseRuleset } from "@nfx/iptables-save";
import { describe, expect, it } from "vitest";
import { searchChains } from "../src/chain-search";
import { indexFromRuleset } from "../src/index-from-model";
import { SaveTextScan } from "../src/scan-save-text";

const NODE = `*nat
:PREROUTING ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-AAAA - [0:0]
:KUBE-SEP-BBBB - [0:0]
:KUBE-SVC-CCCC - [0:0]
-A PREROUTING -j KUBE-SERVICES
-A KUBE-SERVICES -d 10.96.0.10/32 -p tcp -m comment --comment "shop/web:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-AAAA
-A KUBE-SVC-AAAA -m comment --comment "shop/web:http -> 10.244.1.5:8080" -j KUBE-SEP-BBBB
-A KUBE-SEP-BBBB -p tcp -m comment --comment "shop/web:http" -m tcp -j DNAT --to-destination 10.244.1.5:8080
-A KUBE-SVC-CCCC -m comment --comment "kube-system/dns:dns" -j KUBE-SEP-BBBB
COMMIT
*filter
:INPUT ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
COMMIT
`;

const scanned = new SaveTextScan(NODE).finish();
if (scanned === "not-plain") throw new Error("NODE is plain iptables-save text");

describe.each([
  ["the text's lines", scanned],
  ["the parsed ruleset", indexFromRuleset(parseRuleset(NODE).ruleset)],
])("chain search over %s", (_, index) => {
  const names = (q: string) => searchChains(index, q).hits.map((h) => `${h.table} ${h.chain}`);

  it("finds every chain of a service by the service's name, with its first comment", () => {
    expect(names("shop/web")).toEqual(["nat KUBE-SERVICES", "nat KUBE-SVC-AAAA", "nat KUBE-SEP-BBBB"]);
    expect(searchChains(index, "shop/web").hits[2]).toMatchObject({ ruleCount: 1, comment: "shop/web:http" });
  });

  it("finds chains by a piece of their name, in any case, and every word must match", () => {
    expect(names("kube-svc")).toEqual(["nat KUBE-SVC-AAAA", "nat KUBE-SVC-CCCC"]);
    expect(names("svc dns")).toEqual(["nat KUBE-SVC-CCCC"]);
    expect(names("filter kube-services")).toEqual(["filter KUBE-SERVICES"]);
    expect(names("nothing-like-this")).toEqual([]);
  });

  it("puts a chain named exactly as asked first, and says how many match beyond the limit", () => {
    expect(names("KUBE-SVC-CCCC")).toEqual(["nat KUBE-SVC-CCCC"]);
    expect(searchChains(index, "KUBE-SERVICES").hits[0]!.chain).toBe("KUBE-SERVICES");
    expect(searchChains(index, "kube", 2)).toMatchObject({ total: 5, hits: { length: 2 } });
  });
});
