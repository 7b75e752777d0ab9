import type { Chain, Expr, NamedSet, Rule, Ruleset, SetElement, Table, Value, Verdict } from "@nfx/nftables";
import type { KubeEndpoint, KubeService } from "./kube";

/**
 * kube-proxy's nftables mode (pkg/proxy/nftables/proxier.go) read as services, the way kube.ts reads the
 * iptables mode's KUBE-SVC chains. Its shape, in table `ip kube-proxy` (or `ip6`):
 *   - map `service-ips` (`ClusterIP . proto . port : goto service-HASH-ns/name/proto/port`) and map
 *     `service-nodeports` (`proto . nodePort : goto external-HASH-...`, which jumps to mark-for-masquerade then
 *     goes to the service chain);
 *   - each service chain ends in `numgen random mod N vmap { 0 : goto endpoint-..., 1 : ... }`: one rule picks the
 *     endpoint, so every endpoint's share is the count of numgen values that pick it over N (no cascade of
 *     probabilities as in the iptables mode);
 *   - each `endpoint-HASH-ns/name/proto/port__ip/port` chain DNATs to its pod;
 *   - map `no-endpoint-services` sends a service without endpoints to `reject-chain` (or drops it).
 */

/** The numgen rule a pin names: the simulator's random draw for it is what chooses the endpoint. */
export interface NumgenPin {
  readonly family: Table["family"];
  readonly table: string;
  readonly chain: string;
  /** 0-based position of the rule in the chain. */
  readonly ruleIndex: number;
  /** The rule's handle when the listing had them (`nft -a`), else null. */
  readonly handle: number | null;
  readonly mode: "inc" | "random";
  readonly mod: number;
  readonly offset: number;
}

export interface KubeNftEndpoint extends KubeEndpoint {
  /** The numgen results that choose this endpoint (pin one of them to send a new connection here). */
  readonly values: readonly number[];
}

export interface KubeNftService extends KubeService {
  readonly family: Table["family"];
  readonly table: string;
  /** The service chain (`service-...` or `local-...`), or null for a service without endpoints. */
  readonly chain: string | null;
  /** `30080/tcp` from @service-nodeports or @no-endpoint-nodeports, when the service has a NodePort. */
  readonly nodePort: string | null;
  readonly numgen: NumgenPin | null;
  readonly endpoints: readonly KubeNftEndpoint[];
  /** What @no-endpoint-services does with its traffic (`goto reject-chain` is a reject), or null. */
  readonly noEndpoints: "reject" | "drop" | null;
}

const SERVICE_CHAIN = /^(service|local)-[A-Z2-7]{8}-/;

/** True for a table kube-proxy's nftables mode writes. */
export function isKubeProxyNftTable(t: Table): boolean {
  return (t.family === "ip" || t.family === "ip6") && t.name === "kube-proxy";
}

/**
 * `ns/name:port` (ServicePortName's string) from a chain name `service-HASH-ns/name/proto/port`; the port part is
 * left out when the port has no name, as Kubernetes prints it.
 */
export function servicePortName(chain: string): string | null {
  const m = /^(?:service|local|external|firewall|endpoint)-[A-Z2-7]{8}-([^/]+)\/([^/]+)\/([a-z]+)\/([^_]*)/.exec(chain);
  if (!m) return null;
  return m[4] ? `${m[1]}/${m[2]}:${m[4]}` : `${m[1]}/${m[2]}`;
}

function atomText(v: Value): string | null {
  if (v.kind !== "atom") return null;
  const a = v.atom;
  return a.kind === "number" ? String(a.value) : a.kind === "symbol" ? a.name : a.kind === "string" ? a.value : a.text;
}

function isVerdict(d: SetElement["data"]): d is Verdict {
  return d !== null && (d.kind === "goto" || d.kind === "jump" || d.kind === "drop" || d.kind === "accept");
}

/** The chain an element sends to (`goto X`/`jump X`), or null. */
function target(e: SetElement): string | null {
  const d = e.data;
  return isVerdict(d) && (d.kind === "goto" || d.kind === "jump") ? d.chain : null;
}

/** `10.96.0.10:53/udp` from an `ip . proto . port` key, `30080/tcp` from a `proto . port` key. */
function keyText(key: Value): string | null {
  if (key.kind !== "concat") return null;
  const parts = key.parts.map(atomText);
  if (parts.some((p) => p === null)) return null;
  if (parts.length === 3) return `${parts[0]}:${parts[2]}/${parts[1]}`;
  if (parts.length === 2) return `${parts[1]}/${parts[0]}`;
  return null;
}

function dnatOf(chain: Chain | undefined): string | null {
  for (const r of chain?.rules ?? []) {
    for (const s of r.body) {
      if (s.kind !== "nat" || s.nat !== "dnat" || !s.addr || s.addr.kind !== "atom") continue;
      const addr = atomText(s.addr);
      const port = s.port && s.port.kind === "atom" ? atomText(s.port) : null;
      return port ? `${addr}:${port}` : addr;
    }
  }
  return null;
}

type Numgen = Expr & { kind: "numgen" };

/** A rule's `numgen ... vmap { ... }`: the draw and the elements it picks from. */
function numgenVmap(rule: Rule): { gen: Numgen; elements: readonly SetElement[] } | null {
  for (const s of rule.body) {
    if (s.kind === "vmap" && s.key.kind === "numgen" && s.map.kind === "set") {
      return { gen: s.key, elements: s.map.elements };
    }
  }
  return null;
}

/** The numgen values a vmap key covers (`0`, `0-1`), within the draw's range. */
function keyValues(key: Value, from: number, to: number): number[] {
  const lo = key.kind === "atom" && key.atom.kind === "number" ? key.atom.value : null;
  if (lo !== null) return lo >= from && lo <= to ? [lo] : [];
  if (key.kind === "range" && key.from.kind === "number" && key.to.kind === "number") {
    const out: number[] = [];
    for (let v = Math.max(from, key.from.value); v <= Math.min(to, key.to.value); v++) out.push(v);
    return out;
  }
  return [];
}

/** Index of a table's chains and maps, built once for every service the table holds. */
class KubeTable {
  readonly chains: Map<string, Chain>;
  readonly sets: Map<string, NamedSet>;
  constructor(readonly table: Table) {
    this.chains = new Map(table.chains.map((c) => [c.name, c]));
    this.sets = new Map(table.sets.map((s) => [s.name, s]));
  }

  /** Each element of a map, by the chain it sends to. */
  byTarget(map: string): Map<string, SetElement[]> {
    const out = new Map<string, SetElement[]>();
    for (const e of this.sets.get(map)?.elements ?? []) {
      const t = target(e);
      if (t === null) continue;
      const list = out.get(t) ?? [];
      list.push(e);
      out.set(t, list);
    }
    return out;
  }

  /** The external chain's `goto service-...`: where its NodePort traffic ends up. */
  serviceOfExternal(chain: string): string | null {
    for (const r of this.chains.get(chain)?.rules ?? []) {
      for (const s of r.body) {
        if (s.kind === "verdict" && (s.verdict.kind === "goto" || s.verdict.kind === "jump")) {
          if (SERVICE_CHAIN.test(s.verdict.chain)) return s.verdict.chain;
        }
      }
    }
    return null;
  }

  service(chainName: string, clusterIp: string | null, nodePort: string | null): KubeNftService | null {
    const chain = this.chains.get(chainName);
    if (!chain) return null;
    let numgen: NumgenPin | null = null;
    let endpoints: KubeNftEndpoint[] = [];
    for (let ruleIndex = 0; ruleIndex < chain.rules.length; ruleIndex++) {
      const rule = chain.rules[ruleIndex]!;
      const vm = numgenVmap(rule);
      if (!vm) continue;
      const g = vm.gen;
      numgen = {
        family: this.table.family,
        table: this.table.name,
        chain: chainName,
        ruleIndex,
        handle: rule.handle,
        mode: g.mode,
        mod: g.mod,
        offset: g.offset,
      };
      const byChain = new Map<string, number[]>();
      for (const e of vm.elements) {
        const t = target(e);
        if (t === null) continue;
        const values = byChain.get(t) ?? [];
        values.push(...keyValues(e.key, g.offset, g.offset + g.mod - 1));
        byChain.set(t, values);
      }
      endpoints = [...byChain].map(([to, values]) => {
        const share = values.length / g.mod;
        return {
          ruleIndex,
          chain: to,
          destination: dnatOf(this.chains.get(to)),
          probability: share,
          effective: share,
          statistic: true,
          values,
        };
      });
      // kube-proxy writes one numgen rule a chain: the first is the one that picks.
      break;
    }
    return {
      name: servicePortName(chainName),
      clusterIp: clusterIp ?? clusterIpFromRules(chain),
      family: this.table.family,
      table: this.table.name,
      chain: chainName,
      nodePort,
      numgen,
      endpoints,
      noEndpoints: null,
    };
  }
}

/** `ip daddr 10.96.0.1 tcp dport 443 ... jump mark-for-masquerade`: the service chain's own statement of its IP. */
function clusterIpFromRules(chain: Chain): string | null {
  for (const r of chain.rules) {
    let ip: string | null = null;
    let port: string | null = null;
    let proto: string | null = null;
    for (const s of r.body) {
      if (s.kind !== "match" || s.op !== "==" || s.left.kind !== "payload") continue;
      if (s.left.field === "daddr" && (s.left.proto === "ip" || s.left.proto === "ip6")) ip = atomText(s.right);
      if (s.left.field === "dport" && s.left.proto !== "th") {
        port = atomText(s.right);
        proto = s.left.proto;
      }
    }
    if (ip && port && proto) return `${ip}:${port}/${proto}`;
  }
  return null;
}

/** The service whose chain is `chainName` in a kube-proxy nftables table, or null for any other chain. */
export function kubeNftService(table: Table, chainName: string): KubeNftService | null {
  if (!SERVICE_CHAIN.test(chainName)) return null;
  const k = new KubeTable(table);
  const clusterIp =
    k
      .byTarget("service-ips")
      .get(chainName)
      ?.map((e) => keyText(e.key))[0] ?? null;
  let nodePort: string | null = null;
  for (const [ext, elements] of k.byTarget("service-nodeports")) {
    if (k.serviceOfExternal(ext) === chainName) nodePort = keyText(elements[0]!.key);
  }
  return k.service(chainName, clusterIp, nodePort);
}

/**
 * Every service of every kube-proxy nftables table in a ruleset, in the order of @service-ips, then those only
 * reached by a NodePort, then those without endpoints (from @no-endpoint-services and @no-endpoint-nodeports).
 */
export function kubeNftServices(ruleset: Ruleset): KubeNftService[] {
  const out: KubeNftService[] = [];
  for (const table of ruleset.tables) {
    if (!isKubeProxyNftTable(table)) continue;
    const k = new KubeTable(table);
    const clusterIps = new Map<string, string | null>();
    for (const [chain, elements] of k.byTarget("service-ips")) {
      if (SERVICE_CHAIN.test(chain)) clusterIps.set(chain, keyText(elements[0]!.key));
    }
    const nodePorts = new Map<string, string | null>();
    for (const [ext, elements] of k.byTarget("service-nodeports")) {
      const svc = k.serviceOfExternal(ext);
      if (svc) nodePorts.set(svc, keyText(elements[0]!.key));
      if (svc && !clusterIps.has(svc)) clusterIps.set(svc, null);
    }
    for (const [chain, ip] of clusterIps) {
      const s = k.service(chain, ip, nodePorts.get(chain) ?? null);
      if (s) out.push(s);
    }
    // Services without endpoints have no chain: their name is the element's comment.
    const none = new Map<string, { clusterIp: string | null; nodePort: string | null; verdict: "reject" | "drop" }>();
    const noEndpoints = (map: string, field: "clusterIp" | "nodePort") => {
      for (const e of k.sets.get(map)?.elements ?? []) {
        const d = e.data;
        if (!isVerdict(d)) continue;
        const verdict = d.kind === "drop" ? "drop" : "reject";
        const name = e.comment ?? keyText(e.key) ?? "?";
        const entry = none.get(name) ?? { clusterIp: null, nodePort: null, verdict };
        none.set(name, { ...entry, [field]: keyText(e.key) });
      }
    };
    noEndpoints("no-endpoint-services", "clusterIp");
    noEndpoints("no-endpoint-nodeports", "nodePort");
    for (const [name, v] of none) {
      out.push({
        name,
        clusterIp: v.clusterIp,
        family: table.family,
        table: table.name,
        chain: null,
        nodePort: v.nodePort,
        numgen: null,
        endpoints: [],
        noEndpoints: v.verdict,
      });
    }
  }
  return out;
}

/** What a chain of kube-proxy's nftables table is, from the names proxier.go gives them; null for anything else. */
export function recognizeNftChain(table: Table, name: string): string | null {
  if (!isKubeProxyNftTable(table)) return null;
  if (name.startsWith("service-")) return "Kubernetes service";
  if (name.startsWith("local-")) return "Kubernetes service (node-local endpoints)";
  if (name.startsWith("endpoint-")) return "Kubernetes service endpoint";
  if (name.startsWith("external-")) return "Kubernetes external traffic";
  if (name.startsWith("firewall-")) return "Kubernetes load balancer firewall";
  if (name === "services") return "Kubernetes: every service's cluster IP and node port (verdict maps)";
  if (name === "mark-for-masquerade" || name === "masquerading") return "Kubernetes: masquerade";
  return "Kubernetes (kube-proxy)";
}
