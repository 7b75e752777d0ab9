/**
 * A kube-proxy nftables-mode ruleset (table `ip kube-proxy`), written as `nft list ruleset` lists it after a
 * first full sync, modelled on kubernetes pkg/proxy/nftables/proxier.go (setupNFTables, syncProxyRules,
 * writeServiceToEndpointRules):
 *   - chain names `service-HASH-ns/name/proto/port`, `endpoint-HASH-ns/name/proto/port__ip/port` and
 *     `external-HASH-...`, HASH being the first 8 characters of base32(sha256(name)) as hashAndTruncate computes it;
 *   - the service-ips / service-nodeports verdict maps, the cluster-ips and nodeport-ips sets, the
 *     no-endpoint-services / no-endpoint-nodeports maps (with the service's name as element comment), the
 *     firewall-ips map;
 *   - `numgen random mod N vmap { 0 : goto endpoint-..., ... }` in each service chain, `dnat to` in each endpoint
 *     chain, the mark-for-masquerade / masquerading chains, the filter base chains at dstnat - 10 and the
 *     cluster-ips-check chain;
 *   - --nodeport-addresses left at its nftables-mode default (the node's primary IP, in @nodeport-ips) and
 *     --detect-local-mode ClusterCIDR (`ip saddr != 10.244.0.0/16 jump mark-for-masquerade`).
 * Services are drawn as bench/../shared/perf/gen_kube.py draws them for the iptables mode (ClusterIPs in
 * 10.96.0.0/12, pods in 10.244.0.0/16, service 0 the API server), from a seeded generator: the same options give
 * the same text. Chains and sets come in the order kube-proxy creates them, which is the order nft lists them;
 * the elements of hashed sets come in the order kube-proxy adds them (the kernel's own listing order for those
 * depends on its hash table and may differ).
 */
import { createHash } from "node:crypto";

export interface KubeNftOptions {
  readonly services: number;
  readonly endpoints: number;
  /** Share of services with a NodePort (as gen_kube.py: 0.2). */
  readonly nodePortFraction?: number;
  /** Every Nth service (N >= 2) has no endpoints and is rejected through @no-endpoint-services; 0: none. */
  readonly noEndpointsEvery?: number;
  readonly seed?: number;
}

/** What the generator wrote for one service port, for tests that check a reader against the truth. */
export interface KubeNftService {
  /** `ns/name:port`, the ServicePortName string kube-proxy puts in comments. */
  readonly name: string;
  readonly clusterIp: string;
  readonly port: number;
  readonly protocol: "tcp" | "udp";
  readonly nodePort: number | null;
  /** `service-HASH-ns/name/proto/port`; present even without endpoints (then no chain is written). */
  readonly chain: string;
  readonly endpoints: readonly { readonly ip: string; readonly port: number; readonly chain: string }[];
}

export interface KubeNft {
  readonly text: string;
  readonly services: readonly KubeNftService[];
}

export const NODE_IP = "10.0.0.10";
export const CLUSTER_CIDR = "10.244.0.0/16";
export const SERVICE_CIDR = "10.96.0.0/12";
const MASQ_MARK = "0x00004000";

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** proxier.go hashAndTruncate: base32(sha256(name))[:8] + "-" + name (names here never reach 240 characters). */
export function hashName(name: string): string {
  const d = createHash("sha256").update(name).digest();
  // 8 base32 characters are exactly the first 40 bits.
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(d[i]!);
  let out = "";
  for (let i = 7; i >= 0; i--) out += BASE32[Number((bits >> BigInt(i * 5)) & 31n)];
  return `${out}-${name}`;
}

/** mulberry32: a small seeded generator, so a run is reproducible. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ipText = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

const PORTS: readonly [number, string, number][] = [
  [80, "http", 8080],
  [443, "https", 8443],
  [8080, "http", 8080],
  [9090, "metrics", 9090],
  [53, "dns", 53],
  [6379, "redis", 6379],
  [5432, "postgres", 5432],
  [3306, "mysql", 3306],
];

function drawServices(o: KubeNftOptions): KubeNftService[] {
  const rnd = seeded(o.seed ?? 1);
  const clusterBase = (10 << 24) | (96 << 16); // 10.96.0.0/12
  const podBase = o.services * o.endpoints > 50000 ? (10 << 24) | (240 << 16) : (10 << 24) | (244 << 16);
  const podSize = o.services * o.endpoints > 50000 ? 1 << 20 : 1 << 16;
  const usedCluster = new Set([clusterBase + 1]);
  const usedPod = new Set<number>();
  const npFraction = o.nodePortFraction ?? 0.2;
  const out: KubeNftService[] = [];
  let nextNodePort = 30000;
  for (let i = 0; i < o.services; i++) {
    let ns = "default";
    let name = "kubernetes";
    let portName = "https";
    let port = 443;
    let targetPort = 6443;
    let cip = clusterBase + 1;
    let eps: { ip: string; port: number }[];
    let nodePort: number | null = null;
    if (i === 0) {
      eps = Array.from({ length: o.endpoints }, (_, k) => ({ ip: `192.0.2.${10 + k}`, port: 6443 }));
    } else {
      ns = `ns-${i % Math.max(1, Math.floor(o.services / 20))}`;
      name = `svc-${i}`;
      [port, portName, targetPort] = PORTS[Math.floor(rnd() * PORTS.length)]!;
      do cip = clusterBase + 2 + Math.floor(rnd() * ((1 << 20) - 3));
      while (usedCluster.has(cip));
      usedCluster.add(cip);
      const none = (o.noEndpointsEvery ?? 0) >= 2 && i % o.noEndpointsEvery! === 0;
      eps = [];
      for (let k = 0; k < (none ? 0 : o.endpoints); k++) {
        let pip: number;
        do pip = podBase + 1 + Math.floor(rnd() * (podSize - 2));
        while (usedPod.has(pip) || (pip & 255) === 0 || (pip & 255) === 255);
        usedPod.add(pip);
        eps.push({ ip: ipText(pip), port: targetPort });
      }
      if (rnd() < npFraction && nextNodePort <= 32767) nodePort = nextNodePort++;
    }
    const protocol = portName === "dns" ? "udp" : "tcp";
    const base = `${ns}/${name}/${protocol}/${portName}`;
    out.push({
      name: `${ns}/${name}:${portName}`,
      clusterIp: ipText(cip),
      port,
      protocol,
      nodePort,
      chain: `service-${hashName(base)}`,
      endpoints: eps.map((e) => ({ ...e, chain: `endpoint-${hashName(`${base}__${e.ip}/${e.port}`)}` })),
    });
  }
  return out;
}

/** nft's listing of a named set's elements: `per` on a line, continuation lines indented as nft does. */
function elements(items: readonly string[], per: number): string {
  if (items.length === 0) return "";
  let out = "\t\telements = { ";
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out += i % per === 0 ? ",\n\t\t\t     " : ", ";
    out += items[i];
  }
  return `${out} }\n`;
}

function set(kind: "set" | "map", name: string, type: string, comment: string, items: readonly string[], per: number) {
  return `\t${kind} ${name} {\n\t\ttype ${type}\n\t\tcomment "${comment}"\n${elements(items, per)}\t}\n`;
}

function chain(name: string, body: readonly string[], head?: string): string {
  const lines = head ? [`\t\t${head}`] : [];
  for (const r of body) lines.push(`\t\t${r}`);
  return `\tchain ${name} {\n${lines.join("\n")}${lines.length ? "\n" : ""}\t}\n`;
}

export function kubeNftRuleset(o: KubeNftOptions): KubeNft {
  const services = drawServices(o);
  const clusterIps: string[] = [];
  const serviceIps: string[] = [];
  const serviceNodePorts: string[] = [];
  const noEndpointServices: string[] = [];
  const noEndpointNodePorts: string[] = [];
  const serviceChains: string[] = [];
  for (const s of services) {
    const ext = s.chain.replace(/^service-/, "external-");
    clusterIps.push(s.clusterIp);
    const has = s.endpoints.length > 0;
    if (has) serviceIps.push(`${s.clusterIp} . ${s.protocol} . ${s.port} : goto ${s.chain}`);
    else noEndpointServices.push(`${s.clusterIp} . ${s.protocol} . ${s.port} comment "${s.name}" : goto reject-chain`);
    if (s.nodePort !== null) {
      if (has) serviceNodePorts.push(`${s.protocol} . ${s.nodePort} : goto ${ext}`);
      else noEndpointNodePorts.push(`${s.protocol} . ${s.nodePort} comment "${s.name}" : goto reject-chain`);
    }
    if (!has) continue;
    // Chains in kube-proxy's order: the endpoints', then the service's, then the external one.
    for (const e of s.endpoints) {
      serviceChains.push(
        chain(e.chain, [
          `ip saddr ${e.ip} jump mark-for-masquerade`,
          `meta l4proto ${s.protocol} dnat to ${e.ip}:${e.port}`,
        ]),
      );
    }
    const vmap = s.endpoints.map((e, i) => `${i} : goto ${e.chain}`).join(", ");
    serviceChains.push(
      chain(s.chain, [
        `ip daddr ${s.clusterIp} ${s.protocol} dport ${s.port} ip saddr != ${CLUSTER_CIDR} jump mark-for-masquerade`,
        `numgen random mod ${s.endpoints.length} vmap { ${vmap} }`,
      ]),
    );
    if (s.nodePort !== null) serviceChains.push(chain(ext, ["jump mark-for-masquerade", `goto ${s.chain}`]));
  }
  const blocks = [
    set("set", "cluster-ips", "ipv4_addr", "Active ClusterIPs", clusterIps, 2),
    set("set", "nodeport-ips", "ipv4_addr", "IPs that accept NodePort traffic", [NODE_IP], 2),
    set(
      "map",
      "no-endpoint-services",
      "ipv4_addr . inet_proto . inet_service : verdict",
      "vmap to drop or reject packets to services with no endpoints",
      noEndpointServices,
      1,
    ),
    set(
      "map",
      "no-endpoint-nodeports",
      "inet_proto . inet_service : verdict",
      "vmap to drop or reject packets to service nodeports with no endpoints",
      noEndpointNodePorts,
      1,
    ),
    set(
      "map",
      "firewall-ips",
      "ipv4_addr . inet_proto . inet_service : verdict",
      "destinations that are subject to LoadBalancerSourceRanges",
      [],
      1,
    ),
    set(
      "map",
      "service-ips",
      "ipv4_addr . inet_proto . inet_service : verdict",
      "ClusterIP, ExternalIP and LoadBalancer IP traffic",
      serviceIps,
      1,
    ),
    set("map", "service-nodeports", "inet_proto . inet_service : verdict", "NodePort traffic", serviceNodePorts, 1),
    chain(
      "filter-prerouting",
      ["ct state new jump firewall-check"],
      "type filter hook prerouting priority dstnat - 10; policy accept;",
    ),
    chain(
      "filter-input",
      ["ct state new jump nodeport-endpoints-check", "ct state new jump service-endpoints-check"],
      "type filter hook input priority -110; policy accept;",
    ),
    chain(
      "filter-forward",
      ["ct state new jump service-endpoints-check", "ct state new jump cluster-ips-check"],
      "type filter hook forward priority -110; policy accept;",
    ),
    chain(
      "filter-output",
      ["ct state new jump service-endpoints-check", "ct state new jump firewall-check"],
      "type filter hook output priority -110; policy accept;",
    ),
    chain(
      "filter-output-post-dnat",
      ["ct state new jump cluster-ips-check"],
      "type filter hook output priority -90; policy accept;",
    ),
    chain("nat-prerouting", ["jump services"], "type nat hook prerouting priority dstnat; policy accept;"),
    chain("nat-output", ["jump services"], "type nat hook output priority -100; policy accept;"),
    chain("nat-postrouting", ["jump masquerading"], "type nat hook postrouting priority srcnat; policy accept;"),
    chain("nodeport-endpoints-check", ["ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports"]),
    chain("service-endpoints-check", ["ip daddr . meta l4proto . th dport vmap @no-endpoint-services"]),
    chain("firewall-check", ["ip daddr . meta l4proto . th dport vmap @firewall-ips"]),
    chain("services", [
      "ip daddr . meta l4proto . th dport vmap @service-ips",
      "ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports",
    ]),
    chain("masquerading", [
      `meta mark & ${MASQ_MARK} == 0x00000000 return`,
      `meta mark set meta mark ^ ${MASQ_MARK}`,
      "masquerade fully-random",
    ]),
    chain("cluster-ips-check", [
      'ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"',
      `ip daddr ${SERVICE_CIDR} drop comment "Drop traffic to unallocated ClusterIPs"`,
    ]),
    chain("mark-for-masquerade", [`meta mark set meta mark | ${MASQ_MARK}`]),
    `\tchain reject-chain {\n\t\tcomment "helper for @no-endpoint-services / @no-endpoint-nodeports"\n\t\treject\n\t}\n`,
    ...serviceChains,
  ];
  const text = `table ip kube-proxy {\n\tcomment "rules for kube-proxy"\n${blocks.join("\n")}}\n`;
  return { text, services };
}
