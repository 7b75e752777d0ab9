// The scenario a whole node's ruleset is opened into, by the big-node journey and the app benchmark alike: a host
// with the pod network on cni0, forwarding and conntrack on, no packets yet (what a node's ruleset needs to DNAT),
// as a share link's fragment.
import { deflateSync, strToU8 } from "fflate";

export const NODE_HOST = {
  version: 1,
  host: {
    interfaces: [
      { name: "eth0", addr: "10.0.0.10/24" },
      { name: "cni0", addr: "10.244.0.1/16" },
    ],
    routes: [],
    ip_forward: true,
    listen: [],
    conntrack: "on",
  },
  ruleset: "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n",
  packets: [],
};

/**
 * `s1.…`: the share link of NODE_HOST, to put after `#`; `over` replaces some of its fields (a small node's own
 * ruleset, a seed for its random draws).
 * @param {{ ruleset?: string, seed?: number }} [over]
 */
export function nodeLink(over = {}) {
  const scenario = { ...NODE_HOST, ...over };
  const bytes = deflateSync(strToU8(JSON.stringify({ format: 1, scenario })), { level: 9 });
  return `s1.${Buffer.from(bytes).toString("base64url")}`;
}

/**
 * The node's last TCP service as kube-proxy wrote it (`-A KUBE-SERVICES -d IP/32 -p tcp -m comment --comment
 * "ns-248/svc-4998:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-...`): its cluster IP, name and port.
 */
export function lastTcpService(text) {
  let line = "";
  for (const l of text.split("\n")) if (l.startsWith("-A KUBE-SERVICES -d ") && l.includes(" -p tcp ")) line = l;
  const [, clusterIp, name, port] = /-d (\S+)\/32 .*--comment "([^:]+):\S+ cluster IP" .*--dport (\d+)/.exec(line);
  return { clusterIp, name, port };
}
