import { describe, expect, it } from "vitest";
import plain from "../../../conformance/corpus/filter/filter-addrtype-local-broadcast.scenario.json";
import node from "../../../conformance/corpus/kube/kube-clusterip-from-node.scenario.json";
import { answerQuery } from "./answer-rules-query";
import { computeSimulation } from "./compute";
import { createRulesetCache } from "./ruleset-cache";

/** A kube-proxy nat table of `n` services `ns/svc-I:http`, two endpoints each; every third has node port 30000+I. */
function kubeNat(n: number): string {
  const chains = [
    ":PREROUTING ACCEPT [0:0]",
    ":OUTPUT ACCEPT [0:0]",
    ":KUBE-SERVICES - [0:0]",
    ":KUBE-NODEPORTS - [0:0]",
  ];
  const rules = ["-A PREROUTING -j KUBE-SERVICES", "-A OUTPUT -j KUBE-SERVICES"];
  for (let i = 0; i < n; i++) {
    const h = `H${String(i).padStart(4, "0")}`;
    const name = `ns/svc-${i}:http`;
    chains.push(`:KUBE-SVC-${h} - [0:0]`, `:KUBE-SEP-${h}A - [0:0]`, `:KUBE-SEP-${h}B - [0:0]`);
    rules.push(
      `-A KUBE-SERVICES -d 10.96.${i >> 8}.${i & 255}/32 -p tcp -m comment --comment "${name} cluster IP" -m tcp --dport 80 -j KUBE-SVC-${h}`,
      `-A KUBE-SVC-${h} -m comment --comment "${name} -> 10.244.${i >> 8}.${i & 255}:8080" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-${h}A`,
      `-A KUBE-SVC-${h} -m comment --comment "${name} -> 10.245.${i >> 8}.${i & 255}:8080" -j KUBE-SEP-${h}B`,
      `-A KUBE-SEP-${h}A -p tcp -m comment --comment "${name}" -m tcp -j DNAT --to-destination 10.244.${i >> 8}.${i & 255}:8080`,
      `-A KUBE-SEP-${h}B -p tcp -m comment --comment "${name}" -m tcp -j DNAT --to-destination 10.245.${i >> 8}.${i & 255}:8080`,
    );
    if (i % 3 === 0) {
      chains.push(`:KUBE-EXT-${h} - [0:0]`);
      rules.push(
        `-A KUBE-NODEPORTS -p tcp -m comment --comment "${name}" -m tcp --dport ${30000 + i} -j KUBE-EXT-${h}`,
        `-A KUBE-EXT-${h} -j KUBE-SVC-${h}`,
      );
    }
  }
  return `*nat\n${chains.join("\n")}\n${rules.join("\n")}\nCOMMIT\n`;
}

function loaded(n: number) {
  const cache = createRulesetCache();
  const sim = computeSimulation(1, { ...node, ruleset: kubeNat(n), packets: [] }, {}, {}, cache);
  expect(sim.ok).toBe(true);
  return (text: string, offset: number, limit = 20) => {
    const a = answerQuery({ kind: "kube-services", revision: 1, text, offset, limit }, cache);
    if (a.kind !== "kube-services") throw new Error(a.kind);
    return a;
  };
}

describe("the kube-services query", () => {
  const page = loaded(45);

  it("lists every service a page at a time, with cluster IP, node port and endpoints", () => {
    const first = page("", 0);
    expect([first.total, first.offset, first.services.length]).toEqual([45, 0, 20]);
    expect(first.services[3]).toMatchObject({
      chain: "KUBE-SVC-H0003",
      name: "ns/svc-3:http",
      clusterIp: "10.96.0.3:80/tcp",
      nodePort: "30003/tcp",
    });
    expect(first.services[3]!.endpoints.map((e) => [e.ruleIndex, e.destination, e.effective])).toEqual([
      [0, "10.244.0.3:8080", 0.5],
      [1, "10.245.0.3:8080", 0.5],
    ]);
    expect(first.services[4]!.nodePort).toBeNull();
    const last = page("", 40);
    expect([last.offset, last.services.map((s) => s.name)]).toEqual([
      40,
      [40, 41, 42, 43, 44].map((i) => `ns/svc-${i}:http`),
    ]);
    // A page past the end is the last one.
    expect(page("", 1000).offset).toBe(40);
  });

  it("finds services by name, cluster IP or node port", () => {
    expect(page("svc-44:", 0).services.map((s) => s.chain)).toEqual(["KUBE-SVC-H0044"]);
    expect(page("10.96.0.17:", 0).services.map((s) => s.name)).toEqual(["ns/svc-17:http"]);
    expect(page("30042", 0).services.map((s) => s.name)).toEqual(["ns/svc-42:http"]);
    expect(page("SVC-4", 0).total).toBe(6);
    expect(page("nothing", 0)).toMatchObject({ total: 0, services: [] });
  });

  it("is empty for a ruleset without kube-proxy, and stale for another revision", () => {
    const cache = createRulesetCache();
    computeSimulation(1, plain, {}, {}, cache);
    expect(answerQuery({ kind: "kube-services", revision: 1, text: "", offset: 0, limit: 5 }, cache)).toMatchObject({
      total: 0,
    });
    expect(answerQuery({ kind: "kube-services", revision: 2, text: "", offset: 0, limit: 5 }, cache).kind).toBe(
      "stale",
    );
  });
});
