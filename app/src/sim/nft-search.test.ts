import { describe, expect, it } from "vitest";
import twoEndpoints from "../../../conformance/corpus/nft/nft-kube-two-endpoints.scenario.json";
import { answerQuery } from "./answer-rules-query";
import { computeSimulation } from "./compute";
import { createRulesetCache } from "./ruleset-cache";

describe("the rule search over a scenario with native nftables rules", () => {
  const cache = createRulesetCache();
  expect(computeSimulation(1, twoEndpoints, {}, {}, cache).ok).toBe(true);
  const search = (text: string, limit = 50) => {
    const a = answerQuery({ kind: "search", revision: 1, text, limit }, cache);
    if (a.kind !== "search") throw new Error(a.kind);
    return a.nft;
  };

  it("finds native rules by their printed text, in any case, each where it is", () => {
    expect(search("DNAT TO 10.244.1.6").hits).toEqual([
      {
        family: "ip",
        table: "kube-proxy",
        chain: "endpoint-T5GDMWLC-default/api/tcp/http__10.244.1.6/8080",
        hook: null,
        index: 1,
        text: "meta l4proto tcp dnat to 10.244.1.6:8080",
      },
    ]);
    expect(search("jump services").hits.map((h) => [h.chain, h.hook])).toEqual([
      ["nat-output", "output"],
      ["nat-prerouting", "prerouting"],
    ]);
  });

  it("matches words of the table and chain too, and counts beyond the limit", () => {
    expect(search("default/api mark-for-masquerade").total).toBe(3);
    expect(search("mark-for-masquerade", 2)).toMatchObject({ total: 7, hits: { length: 2 } });
    expect(search("no-such-thing").total).toBe(0);
  });
});
