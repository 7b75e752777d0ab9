import { chainNamed, type Table } from "@nfx/model";
import { clusterIpOf, comment, dportOf, serviceName } from "./kube";

/** One service port of kube-proxy's iptables mode, as the services list names it before reading its endpoints. */
export interface KubeServiceEntry {
  /** Its KUBE-SVC- (or KUBE-SVL-) chain in nat. */
  readonly chain: string;
  /** `namespace/name:port`, from the comments. */
  readonly name: string | null;
  /** `10.96.0.10:53/udp`. */
  readonly clusterIp: string | null;
  /** `30080/tcp` from KUBE-NODEPORTS, when the service has a node port. */
  readonly nodePort: string | null;
}

const SERVICE_CHAIN = /^KUBE-(SVC|SVL)-/;

/**
 * Every service of a kube-proxy nat table, read from its two dispatch chains only: KUBE-SERVICES (a rule per cluster
 * IP, jumping to the service's chain) and KUBE-NODEPORTS (a rule per node port, jumping to KUBE-EXT-HASH, whose
 * service chain is KUBE-SVC-HASH or KUBE-SVL-HASH: kube-proxy names all of a service port's chains by one hash).
 * A node's 44,000 services are listed without reading their 400,000 endpoint rules; `kubeService` reads those
 * for the few shown.
 */
export function kubeServiceDirectory(nat: Table): KubeServiceEntry[] {
  const entries = new Map<string, { -readonly [K in keyof KubeServiceEntry]: KubeServiceEntry[K] }>();
  for (const rule of chainNamed(nat, "KUBE-SERVICES")?.rules ?? []) {
    const t = rule.target;
    if ((t?.kind !== "jump" && t?.kind !== "goto") || !SERVICE_CHAIN.test(t.chain) || entries.has(t.chain)) continue;
    const text = comment(rule);
    entries.set(t.chain, {
      chain: t.chain,
      name: text === null ? null : serviceName(text),
      clusterIp: text?.endsWith("cluster IP") ? clusterIpOf(rule) : null,
      nodePort: null,
    });
  }
  for (const rule of chainNamed(nat, "KUBE-NODEPORTS")?.rules ?? []) {
    const t = rule.target;
    const port = dportOf(rule);
    if ((t?.kind !== "jump" && t?.kind !== "goto") || port === null) continue;
    const hash = /^KUBE-(?:EXT|SVC|SVL)-(.+)$/.exec(t.chain)?.[1];
    if (hash === undefined) continue;
    const chain = [`KUBE-SVC-${hash}`, `KUBE-SVL-${hash}`].find((c) => chainNamed(nat, c));
    if (chain === undefined) continue;
    const text = comment(rule);
    const entry = entries.get(chain) ?? { chain, name: text && serviceName(text), clusterIp: null, nodePort: null };
    entry.nodePort = `${port}${rule.proto ? `/${rule.proto.value}` : ""}`;
    entries.set(chain, entry);
  }
  return [...entries.values()];
}
