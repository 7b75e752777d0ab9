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

  it("keeps to one table when asked (a jump's targets), counting only its chains", () => {
    const inTable = (q: string, table: "nat" | "filter") =>
      searchChains(index, q, 50, table).hits.map((h) => `${h.table} ${h.chain}`);
    expect(inTable("kube-services", "filter")).toEqual(["filter KUBE-SERVICES"]);
    expect(inTable("kube-services", "nat")).toEqual(["nat KUBE-SERVICES"]);
    expect(searchChains(index, "kube", 2, "nat")).toMatchObject({ total: 4, hits: { length: 2 } });
  });
});

describe("chain search by comment", () => {
  const TEXT = `*filter
:INPUT ACCEPT [0:0]
:MINE - [0:0]
:OTHER - [0:0]
-A INPUT -m comment --comment "to \\"mine\\"" -j MINE
-A MINE -s 10.0.0.1/32 -j ACCEPT
[3:180] -A MINE -m comment --comment "Office LAN" -j ACCEPT
-A MINE -m comment --comment "printer" -j ACCEPT
-A OTHER -m comment --comment lab -j RETURN
COMMIT
`;
  const scanned = new SaveTextScan(TEXT).finish();
  if (scanned === "not-plain") throw new Error("TEXT is plain iptables-save text");
  it.each([
    ["the text's lines", scanned],
    ["the parsed ruleset", indexFromRuleset(parseRuleset(TEXT).ruleset)],
  ])("over %s, finds a chain by its first comment only, unquoted", (_, index) => {
    const names = (q: string) => searchChains(index, q).hits.map((h) => h.chain);
    expect(names("office lan")).toEqual(["MINE"]);
    expect(names("printer")).toEqual([]);
    expect(names("lab")).toEqual(["OTHER"]);
    // INPUT's comment names MINE: INPUT is found by it, MINE by its name.
    expect(names("mine")).toEqual(["INPUT", "MINE"]);
    expect(searchChains(index, "INPUT").hits[0]).toMatchObject({ ruleCount: 1, comment: 'to "mine"' });
    expect(names("accept")).toEqual([]);
  });
});
