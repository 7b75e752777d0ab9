import { chainNamed, formatIpv4, type Rule, type Table } from "@nfx/model";

/** One endpoint of a kube-proxy service chain. */
export interface KubeEndpoint {
  /** 0-based index of the rule in the KUBE-SVC chain that jumps to it. */
  readonly ruleIndex: number;
  readonly chain: string;
  /** `10.244.1.5:8080` from the KUBE-SEP chain's DNAT, or null when that chain has none. */
  readonly destination: string | null;
  /** The `--probability` written on the rule (1 for the last, unconditional one). */
  readonly probability: number;
  /** The share of new connections it really gets: its probability times the chance no earlier rule took them. */
  readonly effective: number;
  /** True when the rule carries `-m statistic`, so a pin can choose it. */
  readonly statistic: boolean;
}

export interface KubeService {
  /** From the rules' comments, `namespace/name:port`. */
  readonly name: string | null;
  /** `10.96.0.10:53/udp` from the cluster IP rule, when there is one. */
  readonly clusterIp: string | null;
  readonly endpoints: readonly KubeEndpoint[];
}

export function comment(rule: Rule): string | null {
  for (const m of rule.matches) if (m.module === "comment") return m.comment;
  return null;
}

/** `ns/name:port` from a kube-proxy comment (`ns/name:port cluster IP`, `ns/name:port -> 10.244.1.5:80`). */
export function serviceName(text: string): string {
  return text.replace(/ (cluster IP|external IP|loadbalancer IP|nodePort)$/, "").replace(/ -> .*$/, "");
}

function dnatOf(table: Table, chain: string): string | null {
  const c = chainNamed(table, chain);
  for (const r of c?.rules ?? []) {
    const t = r.target;
    if (t?.kind !== "DNAT") continue;
    const addr = t.to.addrFrom === undefined ? "" : formatIpv4(t.to.addrFrom);
    return t.to.ports ? `${addr}:${t.to.ports.from}` : addr;
  }
  return null;
}

/** The destination port a rule matches (`-m tcp --dport 80`), or null. */
export function dportOf(rule: Rule): number | null {
  const port = rule.matches.find((m) => m.module === "tcp" || m.module === "udp");
  return port && "dport" in port && port.dport ? port.dport.value.from : null;
}

/** `10.96.0.10:53/udp` from a rule matching a service's cluster IP, or null when it matches no address. */
export function clusterIpOf(rule: Rule): string | null {
  if (!rule.dst) return null;
  const dport = dportOf(rule);
  return `${formatIpv4(rule.dst.value.addr)}${dport === null ? "" : `:${dport}`}${rule.proto ? `/${rule.proto.value}` : ""}`;
}

/**
 * A kube-proxy service chain (KUBE-SVC-* or KUBE-SVL-*) read as what it means: the service, its endpoints and
 * the share each really gets. kube-proxy writes a cascade (1/3, then 1/2 of the rest, then the rest), so the
 * written probabilities are not the shares; the effective ones are. Null for any other chain.
 */
export function kubeService(table: Table, chainName: string): KubeService | null {
  if (!/^KUBE-(SVC|SVL)-/.test(chainName)) return null;
  const chain = chainNamed(table, chainName);
  if (!chain) return null;
  let name: string | null = null;
  let clusterIp: string | null = null;
  const endpoints: KubeEndpoint[] = [];
  let remaining = 1;
  chain.rules.forEach((rule, ruleIndex) => {
    const text = comment(rule);
    if (text && name === null) name = serviceName(text);
    const t = rule.target;
    if (t?.kind !== "jump" && t?.kind !== "goto") return;
    if (!t.chain.startsWith("KUBE-SEP-")) {
      if (text?.endsWith("cluster IP")) clusterIp = clusterIpOf(rule);
      return;
    }
    const stat = rule.matches.find((m) => m.module === "statistic");
    const p = stat?.mode === "random" && !stat.invert ? stat.probability : 1;
    endpoints.push({
      ruleIndex,
      chain: t.chain,
      destination: dnatOf(table, t.chain),
      probability: p,
      effective: remaining * p,
      statistic: stat !== undefined,
    });
    remaining *= 1 - p;
  });
  return { name, clusterIp, endpoints };
}

/** What a chain is, from the names Kubernetes and Docker give their chains; null for anything else. */
export function recognizeChain(name: string): string | null {
  if (name.startsWith("KUBE-SVC-") || name.startsWith("KUBE-SVL-")) return "Kubernetes service";
  if (name.startsWith("KUBE-SEP-")) return "Kubernetes service endpoint";
  if (name.startsWith("KUBE-EXT-")) return "Kubernetes external traffic";
  if (name.startsWith("KUBE-FW-")) return "Kubernetes load balancer firewall";
  if (name === "KUBE-SERVICES") return "Kubernetes: every service's cluster IP";
  if (name === "KUBE-NODEPORTS") return "Kubernetes: node ports";
  if (name.startsWith("KUBE-")) return "Kubernetes (kube-proxy)";
  if (name === "DOCKER") return "Docker: published ports";
  if (name === "DOCKER-USER") return "Docker: your rules, before Docker's";
  if (name.startsWith("DOCKER-ISOLATION")) return "Docker: network isolation";
  if (name.startsWith("DOCKER")) return "Docker";
  return null;
}
