import type { Ipv4 } from "./addresses";
import type { Sysctls } from "./sysctl";

export interface Interface {
  readonly name: string;
  readonly addr: Ipv4;
  readonly prefix: number;
  /** Lower-case colon MAC address; the engine makes one up from the name when absent. */
  readonly mac?: string;
}

export type RouteType = "unicast" | "blackhole" | "unreachable" | "prohibit";

export interface Route {
  readonly dst: Ipv4;
  readonly prefix: number;
  readonly via?: Ipv4;
  readonly dev?: string;
  readonly type: RouteType;
  /** Policy routing: this route applies only to packets whose mark (masked) equals `mark`. */
  readonly mark?: { readonly value: number; readonly mask: number };
}

export interface Listener {
  readonly proto: "tcp" | "udp";
  readonly port: number;
  /** Bound address; absent means every local address. */
  readonly addr?: Ipv4;
}

/**
 * The simulated host. `conntrack: "on"` is a host where conntrack runs for every packet (any host with NAT,
 * Docker or Kubernetes); `"auto"` is a fresh network namespace, where it runs only once some rule needs it.
 */
export interface Host {
  readonly interfaces: readonly Interface[];
  readonly routes: readonly Route[];
  readonly listen: readonly Listener[];
  readonly conntrack: "on" | "auto";
  /** `ip_forward`, `rp_filter`, conntrack's timeouts...: the values set, by name; the rest are the kernel's defaults. */
  readonly sysctl: Sysctls;
}
