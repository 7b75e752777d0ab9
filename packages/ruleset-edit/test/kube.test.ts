import { parseRuleset } from "@nfx/iptables-save";
import { describe, expect, it } from "vitest";
import { indexFromRuleset, kubeService, recognizeChain, searchRules } from "../src";

const SVC = `*nat
:PREROUTING ACCEPT [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-SVC-224TQMXAKPMELBK6 - [0:0]
:KUBE-SEP-A - [0:0]
:KUBE-SEP-B - [0:0]
:KUBE-SEP-C - [0:0]
-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
-A KUBE-SERVICES -d 10.98.184.42/32 -p tcp -m comment --comment "ns-40/svc-1040:redis cluster IP" -m tcp --dport 6379 -j KUBE-SVC-224TQMXAKPMELBK6
-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
-A KUBE-SVC-224TQMXAKPMELBK6 ! -s 10.244.0.0/16 -d 10.98.184.42/32 -p tcp -m comment --comment "ns-40/svc-1040:redis cluster IP" -m tcp --dport 6379 -j KUBE-MARK-MASQ
-A KUBE-SVC-224TQMXAKPMELBK6 -m comment --comment "ns-40/svc-1040:redis -> 10.244.202.250:6379" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-A
-A KUBE-SVC-224TQMXAKPMELBK6 -m comment --comment "ns-40/svc-1040:redis -> 10.244.107.133:6379" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-B
-A KUBE-SVC-224TQMXAKPMELBK6 -m comment --comment "ns-40/svc-1040:redis -> 10.244.160.39:6379" -j KUBE-SEP-C
-A KUBE-SEP-A -p tcp -m comment --comment "ns-40/svc-1040:redis" -m tcp -j DNAT --to-destination 10.244.202.250:6379
-A KUBE-SEP-B -p tcp -m comment --comment "ns-40/svc-1040:redis" -m tcp -j DNAT --to-destination 10.244.107.133:6379
-A KUBE-SEP-C -p tcp -m comment --comment "ns-40/svc-1040:redis" -m tcp -j DNAT --to-destination 10.244.160.39:6379
COMMIT
`;

describe("kubeService", () => {
  const nat = parseRuleset(SVC).ruleset.tables[0]!;
  it("reads the service, its endpoints and their effective shares from kube-proxy's cascade", () => {
    const svc = kubeService(nat, "KUBE-SVC-224TQMXAKPMELBK6")!;
    expect(svc.name).toBe("ns-40/svc-1040:redis");
    expect(svc.clusterIp).toBe("10.98.184.42:6379/tcp");
    expect(svc.endpoints.map((e) => [e.ruleIndex, e.chain, e.destination, e.statistic])).toEqual([
      [1, "KUBE-SEP-A", "10.244.202.250:6379", true],
      [2, "KUBE-SEP-B", "10.244.107.133:6379", true],
      [3, "KUBE-SEP-C", "10.244.160.39:6379", false],
    ]);
    expect(svc.endpoints.map((e) => e.probability)).toEqual([0.33333333349, 0.5, 1]);
    for (const e of svc.endpoints) expect(e.effective).toBeCloseTo(1 / 3, 6);
  });
  it("is null for other chains", () => {
    expect(kubeService(nat, "KUBE-SERVICES")).toBeNull();
    expect(recognizeChain("KUBE-SEP-A")).toContain("endpoint");
    expect(recognizeChain("DOCKER")).toContain("Docker");
    expect(recognizeChain("INPUT")).toBeNull();
  });
});

describe("searchRules", () => {
  const idx = indexFromRuleset(parseRuleset(SVC).ruleset);
  it("finds rules by chain, by several words, case-insensitively", () => {
    const r = searchRules(idx, "kube-sep-b");
    expect(r.total).toBe(2);
    expect(r.hits.map((h) => `${h.chain}:${h.index}`)).toEqual(["KUBE-SVC-224TQMXAKPMELBK6:2", "KUBE-SEP-B:0"]);
    expect(searchRules(idx, "redis 107.133").total).toBeGreaterThan(0);
    expect(searchRules(idx, "   ").total).toBe(0);
    expect(searchRules(idx, "kube", 3).hits).toHaveLength(3);
  });
});
