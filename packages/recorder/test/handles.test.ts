import { describe, expect, it } from "vitest";
import { parseTableListing, rulePosition } from "../src/handles";
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
