import { parseRulesetJson, parseTableListing, rulePosition, tableLabel } from "@nfx/kernel-trace";
import { describe, expect, it } from "vitest";
import { fixture } from "./fixtures";

describe("parseTableListing", () => {
  const map = parseTableListing("filter", fixture("docker-filter.nft.txt"));
  parseTableListing("nat", fixture("docker-nat.nft.txt"), map);

  it("maps handles to 1-based positions in their chain", () => {
    expect(rulePosition(map, "filter", 8)).toEqual({ chain: "FORWARD", position: 1 });
    expect(rulePosition(map, "filter", 11)).toEqual({ chain: "FORWARD", position: 4 });
    expect(rulePosition(map, "filter", 16)).toEqual({ chain: "DOCKER-ISOLATION-STAGE-1", position: 2 });
    expect(rulePosition(map, "filter", 19)).toEqual({ chain: "DOCKER-USER", position: 1 });
  });

  it("keeps tables apart and does not count chain handles as rules", () => {
    expect(rulePosition(map, "filter", 2)).toBeUndefined();
    const natRules = [...(map.get("nat")?.values() ?? [])];
    expect(natRules.filter((r) => r.chain === "DOCKER").map((r) => r.position)).toEqual([1, 2]);
    expect(natRules.filter((r) => r.chain === "POSTROUTING").map((r) => r.position)).toEqual([1, 2]);
  });
});

describe("parseRulesetJson (nft -j list ruleset, every family)", () => {
  const map = parseRulesetJson(fixture("nft-mixed-docker-firewalld.ruleset.json"));

  it("names an ip table bare and any other family as FAMILY TABLE", () => {
    expect(tableLabel("ip", "filter")).toBe("filter");
    expect(tableLabel("inet", "fw")).toBe("inet fw");
    // raw and mangle have chains but no rules, so nothing to number.
    expect([...map.keys()].sort()).toEqual(["filter", "inet firewalld", "nat"]);
  });

  it("numbers a native chain's rules from 1 in listing order, apart from the iptables tables", () => {
    const input = [...map.get("inet firewalld")!.values()].filter((r) => r.chain === "filter_INPUT");
    expect(input.map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6]);
    const docker = [...map.get("nat")!.values()].filter((r) => r.chain === "DOCKER");
    expect(docker.map((r) => r.position)).toEqual([1, 2]);
  });

  it("leaves out the tables it is told to skip", () => {
    const skipped = parseRulesetJson(fixture("nft-mixed-docker-firewalld.ruleset.json"), new Set(["inet firewalld"]));
    expect(skipped.has("inet firewalld")).toBe(false);
    expect(skipped.has("filter")).toBe(true);
  });
});
