import { describe, expect, it } from "vitest";
import { validateScenario } from "../src";

const HOST = { interfaces: [{ name: "eth0", addr: "10.0.0.1/24" }], conntrack: "auto" };
const NFT = "table inet fw {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t}\n}\n";

describe("a scenario's nftables field", () => {
  it("carries a native ruleset alone: the iptables ruleset is then empty", () => {
    const v = validateScenario({ host: HOST, nftables: NFT, packets: [] });
    expect(v.ok && v.value).toMatchObject({ ruleset: "", nftables: NFT });
  });

  it("sits beside an iptables ruleset", () => {
    const v = validateScenario({ host: HOST, ruleset: "*filter\nCOMMIT\n", nftables: NFT, packets: [] });
    expect(v.ok && v.value).toMatchObject({ ruleset: "*filter\nCOMMIT\n", nftables: NFT });
  });

  it("is left out of a document that has none", () => {
    const v = validateScenario({ host: HOST, ruleset: "", packets: [] });
    expect(v.ok && "nftables" in v.value).toBe(false);
  });

  it("is refused when it is not text, and a document with neither ruleset says what it needs", () => {
    const bad = validateScenario({ host: HOST, nftables: { tables: [] }, packets: [] });
    expect(!bad.ok && bad.errors.map((e) => e.path)).toContain("nftables");
    const none = validateScenario({ host: HOST, packets: [] });
    expect(!none.ok && none.errors).toContainEqual({
      path: "ruleset",
      message: "a scenario needs a ruleset (iptables-save text) or nftables (nft text), or both",
    });
  });
});
