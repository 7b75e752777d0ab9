import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { kubeNftRuleset } from "../../../bench/kube-nft";
import { type NamedSet, parseNft, printNft, type Ruleset } from "../src/index";

// kube-nft-6.input.nft is bench/kube-nft.ts's ruleset for the options below; kube-nft-6.listing.nft is what the
// kernel listed after loading it, recorded as root with:
//   npx tsx bench/gen-kube-nft.ts -s 6 -e 3 --nodeport-fraction 0.5 --no-endpoints-every 4 -o IN
//   ip netns add NS && ip netns exec NS nft -f IN && ip netns exec NS nft -a list ruleset > LISTING; ip netns del NS
// The kernel lists a hashed set's elements in its hash table's order, which changes from one load to the next,
// so the listing and the generator agree on everything but that order.
const dir = join(import.meta.dirname, "kube-nft");
const input = readFileSync(join(dir, "kube-nft-6.input.nft"), "utf8");
const listing = readFileSync(join(dir, "kube-nft-6.listing.nft"), "utf8");
const OPTIONS = { services: 6, endpoints: 3, nodePortFraction: 0.5, noEndpointsEvery: 4 };
const errors = (r: ReturnType<typeof parseNft>) => r.diagnostics.filter((d) => d.severity === "error");

/** The model with each hashed set's elements in one order (by their printed form) and no handles or spans. */
function normalised(rs: Ruleset): unknown {
  const sortSet = (s: NamedSet) => {
    const printed = (e: NamedSet["elements"][number]) => JSON.stringify(e);
    return {
      ...s,
      handle: null,
      span: null,
      elements: [...s.elements].sort((a, b) => (printed(a) < printed(b) ? -1 : 1)),
    };
  };
  return JSON.parse(
    JSON.stringify(
      rs.tables.map((t) => ({ ...t, handle: null, span: null, sets: t.sets.map(sortSet) })),
      (k, v) => (k === "span" || k === "handle" ? null : v),
    ),
  );
}

describe("bench/kube-nft.ts, kube-proxy's nftables mode", () => {
  it("is the recorded input: a change to the generator records the kernel's listing again", () => {
    expect(kubeNftRuleset(OPTIONS).text).toBe(input);
  });

  it("is what the kernel lists, but for the order of hashed set elements", () => {
    const fromInput = parseNft(input);
    const fromKernel = parseNft(listing);
    expect(errors(fromInput)).toEqual([]);
    expect(errors(fromKernel)).toEqual([]);
    expect(normalised(fromInput.ruleset)).toEqual(normalised(fromKernel.ruleset));
  });

  it("prints back as nft lists it: the kernel's listing byte for byte, the generator's text likewise", () => {
    expect(printNft(parseNft(listing).ruleset, { handles: true })).toBe(listing);
    expect(printNft(parseNft(input).ruleset)).toBe(input);
  });

  it("has what proxier.go writes: numgen vmaps over the endpoints, dnat, the verdict maps, a no-endpoint reject", () => {
    const t = parseNft(input).ruleset.tables[0]!;
    expect(`${t.family} ${t.name}`).toBe("ip kube-proxy");
    expect(t.sets.map((s) => s.name)).toEqual([
      "cluster-ips",
      "nodeport-ips",
      "no-endpoint-services",
      "no-endpoint-nodeports",
      "firewall-ips",
      "service-ips",
      "service-nodeports",
    ]);
    const svc = t.chains.find((c) => /^service-[A-Z2-7]{8}-/.test(c.name))!;
    expect(svc.rules[1]!.body[0]).toMatchObject({ kind: "vmap", key: { kind: "numgen", mode: "random", mod: 3 } });
    const ep = t.chains.find((c) => c.name.startsWith("endpoint-"))!;
    expect(ep.rules[1]!.body.at(-1)).toMatchObject({ kind: "nat", nat: "dnat" });
    const none = t.sets.find((s) => s.name === "no-endpoint-services")!;
    expect(none.elements).toHaveLength(1);
    expect(none.elements[0]!.data).toEqual({ kind: "goto", chain: "reject-chain" });
  });
});
