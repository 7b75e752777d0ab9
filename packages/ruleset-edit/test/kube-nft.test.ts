import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseNft } from "@nfx/nftables";
import { describe, expect, it } from "vitest";
import { kubeNftRuleset } from "../../../bench/kube-nft";
import { kubeNftService, kubeNftServices, recognizeNftChain, servicePortName } from "../src";

// Written by hand after proxier.go, as `nft -a list ruleset` lists it: one service with three endpoints and a
// NodePort, one without endpoints; handles on the rules a pin names.
const SMALL = `table ip kube-proxy {
	comment "rules for kube-proxy"
	map no-endpoint-services {
		type ipv4_addr . inet_proto . inet_service : verdict
		elements = { 10.96.7.7 . tcp . 80 comment "shop/cart:http" : goto reject-chain }
	}

	map service-ips {
		type ipv4_addr . inet_proto . inet_service : verdict
		elements = { 10.98.184.42 . tcp . 6379 : goto service-AAAAAAAA-ns-40/svc-1040/tcp/redis }
	}

	map service-nodeports {
		type inet_proto . inet_service : verdict
		elements = { tcp . 30080 : goto external-AAAAAAAA-ns-40/svc-1040/tcp/redis }
	}

	chain mark-for-masquerade {
		meta mark set meta mark | 0x00004000
	}

	chain reject-chain {
		reject
	}

	chain services {
		ip daddr . meta l4proto . th dport vmap @service-ips
	}

	chain endpoint-BBBBBBBB-ns-40/svc-1040/tcp/redis__10.244.202.250/6379 {
		ip saddr 10.244.202.250 jump mark-for-masquerade
		meta l4proto tcp dnat to 10.244.202.250:6379
	}

	chain endpoint-CCCCCCCC-ns-40/svc-1040/tcp/redis__10.244.107.133/6379 {
		ip saddr 10.244.107.133 jump mark-for-masquerade
		meta l4proto tcp dnat to 10.244.107.133:6379
	}

	chain endpoint-DDDDDDDD-ns-40/svc-1040/tcp/redis__10.244.160.39/6379 {
		ip saddr 10.244.160.39 jump mark-for-masquerade
		meta l4proto tcp dnat to 10.244.160.39:6379
	}

	chain service-AAAAAAAA-ns-40/svc-1040/tcp/redis {
		ip daddr 10.98.184.42 tcp dport 6379 ip saddr != 10.244.0.0/16 jump mark-for-masquerade # handle 41
		numgen random mod 3 vmap { 0 : goto endpoint-BBBBBBBB-ns-40/svc-1040/tcp/redis__10.244.202.250/6379, 1 : goto endpoint-CCCCCCCC-ns-40/svc-1040/tcp/redis__10.244.107.133/6379, 2 : goto endpoint-DDDDDDDD-ns-40/svc-1040/tcp/redis__10.244.160.39/6379 } # handle 42
	}

	chain external-AAAAAAAA-ns-40/svc-1040/tcp/redis {
		jump mark-for-masquerade
		goto service-AAAAAAAA-ns-40/svc-1040/tcp/redis
	}
}
`;

const SVC = "service-AAAAAAAA-ns-40/svc-1040/tcp/redis";

function parsed(text: string) {
  const r = parseNft(text);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.ruleset;
}

describe("kube-proxy nftables mode, read as services", () => {
  const rs = parsed(SMALL);
  const table = rs.tables[0]!;

  it("reads a service chain: its name, cluster IP, NodePort, endpoints and their equal shares", () => {
    const s = kubeNftService(table, SVC)!;
    expect(s.name).toBe("ns-40/svc-1040:redis");
    expect(s.clusterIp).toBe("10.98.184.42:6379/tcp");
    expect(s.nodePort).toBe("30080/tcp");
    expect(s.endpoints.map((e) => [e.destination, e.values])).toEqual([
      ["10.244.202.250:6379", [0]],
      ["10.244.107.133:6379", [1]],
      ["10.244.160.39:6379", [2]],
    ]);
    for (const e of s.endpoints) expect(e.effective).toBeCloseTo(1 / 3, 9);
  });

  it("names the numgen rule a pin chooses with: table, chain, position and handle", () => {
    expect(kubeNftService(table, SVC)!.numgen).toEqual({
      family: "ip",
      table: "kube-proxy",
      chain: SVC,
      ruleIndex: 1,
      handle: 42,
      mode: "random",
      mod: 3,
      offset: 0,
    });
    for (const e of kubeNftService(table, SVC)!.endpoints) expect(e.ruleIndex).toBe(1);
  });

  it("lists every service, those without endpoints too (named by their element's comment)", () => {
    const all = kubeNftServices(rs);
    expect(all.map((s) => [s.name, s.clusterIp, s.chain, s.noEndpoints])).toEqual([
      ["ns-40/svc-1040:redis", "10.98.184.42:6379/tcp", SVC, null],
      ["shop/cart:http", "10.96.7.7:80/tcp", null, "reject"],
    ]);
  });

  it("gives each endpoint the share of numgen values that pick it", () => {
    const uneven = SMALL.replace(
      /numgen random mod 3 vmap \{ 0 : goto (\S+), 1 : goto (\S+), 2 : goto (\S+) \}/,
      "numgen random mod 4 vmap { 0 : goto $1, 1-2 : goto $2, 3 : goto $3 }",
    );
    const s = kubeNftService(parsed(uneven).tables[0]!, SVC)!;
    expect(s.endpoints.map((e) => [e.values, e.effective])).toEqual([
      [[0], 0.25],
      [[1, 2], 0.5],
      [[3], 0.25],
    ]);
  });

  it("is null for chains that are not services, and names kube-proxy's other chains", () => {
    expect(kubeNftService(table, "services")).toBeNull();
    expect(kubeNftService(table, "endpoint-BBBBBBBB-ns-40/svc-1040/tcp/redis__10.244.202.250/6379")).toBeNull();
    expect(recognizeNftChain(table, "endpoint-BBBBBBBB-ns-40/svc-1040/tcp/redis__10.244.202.250/6379")).toContain(
      "endpoint",
    );
    expect(recognizeNftChain(table, SVC)).toBe("Kubernetes service");
    const other = parsed("table inet filter {\n\tchain service-AAAAAAAA-x/y/tcp/z {\n\t}\n}\n").tables[0]!;
    expect(recognizeNftChain(other, "service-AAAAAAAA-x/y/tcp/z")).toBeNull();
    expect(kubeNftServices({ tables: [other] })).toEqual([]);
    expect(servicePortName("service-AAAAAAAA-ns/web/tcp/")).toBe("ns/web");
  });
});

describe("kube-proxy nftables mode from bench/kube-nft.ts", () => {
  const gen = kubeNftRuleset({ services: 40, endpoints: 3, nodePortFraction: 0.5, noEndpointsEvery: 7 });
  const all = kubeNftServices(parsed(gen.text));

  it("finds every service the generator wrote, with its cluster IP, NodePort and endpoints", () => {
    const expected = gen.services.map((s) => ({
      name: s.name,
      clusterIp: `${s.clusterIp}:${s.port}/${s.protocol}`,
      nodePort: s.nodePort === null ? null : `${s.nodePort}/${s.protocol}`,
      destinations: s.endpoints.map((e) => `${e.ip}:${e.port}`),
      noEndpoints: s.endpoints.length === 0 ? "reject" : null,
    }));
    const found = all.map((s) => ({
      name: s.name,
      clusterIp: s.clusterIp,
      nodePort: s.nodePort,
      destinations: s.endpoints.map((e) => e.destination),
      noEndpoints: s.noEndpoints,
    }));
    const byName = (a: { name: string | null }, b: { name: string | null }) =>
      (a.name ?? "") < (b.name ?? "") ? -1 : 1;
    expect(found.sort(byName)).toEqual(expected.sort(byName));
    expect(expected.filter((s) => s.noEndpoints).length).toBeGreaterThan(0);
    expect(expected.filter((s) => s.nodePort).length).toBeGreaterThan(0);
  });

  it("gives each endpoint a third and a numgen rule to pin, the chain's second", () => {
    for (const s of all.filter((x) => x.chain)) {
      expect(s.numgen).toMatchObject({ chain: s.chain, ruleIndex: 1, mod: 3 });
      expect(s.endpoints.map((e) => e.values)).toEqual([[0], [1], [2]]);
    }
  });

  it("reads one chain the same way as the whole list", () => {
    const table = parsed(gen.text).tables[0]!;
    const one = all.find((s) => s.nodePort && s.chain)!;
    expect(kubeNftService(table, one.chain!)).toEqual(one);
  });
});

describe("kube-proxy nftables mode in a kernel-recorded scenario", () => {
  it("reads conformance/corpus/nft/nft-kube-two-endpoints: two services with endpoints, one rejected", () => {
    const file = join(import.meta.dirname, "../../../conformance/corpus/nft/nft-kube-two-endpoints.scenario.json");
    const scenario = JSON.parse(readFileSync(file, "utf8")) as { nftables: string };
    const all = kubeNftServices(parsed(scenario.nftables));
    expect(
      all.map((s) => [s.name, s.clusterIp, s.nodePort, s.noEndpoints, s.endpoints.map((e) => e.destination)]),
    ).toEqual([
      ["default/web:http", "10.96.0.10:80/tcp", "30080/tcp", null, ["10.244.1.5:8080"]],
      ["default/api:http", "10.96.0.20:80/tcp", null, null, ["10.244.2.7:8080", "10.244.1.6:8080"]],
      ["default/empty:http", "10.96.0.99:80/tcp", "30099/tcp", "reject", []],
    ]);
    expect(all[1]!.endpoints.map((e) => e.effective)).toEqual([0.5, 0.5]);
  });
});
