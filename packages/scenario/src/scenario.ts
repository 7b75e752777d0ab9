/**
 * The scenario file, version 1: what the app's share links and saved files carry and what `nfx trace` reads.
 * Addresses are dotted quads, as a person writes them; `toEngineInput` turns them into the engine's model.
 */
export interface Scenario {
  readonly version: 1;
  readonly name?: string;
  readonly title?: string;
  readonly description?: string;
  readonly host: ScenarioHost;
  /**
   * iptables-save text (or a script of iptables commands); "" when the document has none (an nftables-only
   * host: no iptables table exists, as with iptables-nft an undeclared table is not traversed).
   */
  readonly ruleset: string;
  /**
   * A native nftables ruleset, as `nft list ruleset` prints it and `nft -f` reads it, or the JSON of
   * `nft -j list ruleset`. The recorder loads it with `nft -f` after the iptables ruleset.
   */
  readonly nftables?: string;
  readonly packets: readonly ScenarioPacket[];
  /** Seed of the simulator's random source (statistic --mode random, SNAT port choice). */
  readonly seed?: number;
}

export interface ScenarioHost {
  readonly interfaces: readonly { readonly name: string; readonly addr: string; readonly mac?: string }[];
  readonly routes: readonly ScenarioRoute[];
  readonly ip_forward: boolean;
  readonly listen: readonly { readonly proto: "tcp" | "udp"; readonly port: number; readonly addr?: string }[];
  readonly conntrack: "on" | "auto";
  /** The same as `sysctl["net.netfilter.nf_conntrack_tcp_loose"]` (the older spelling). */
  readonly tcp_loose?: boolean;
  /**
   * Sysctls by the names `sysctl -a` prints, e.g. `{"net.ipv4.conf.all.rp_filter": 1,
   * "net.netfilter.nf_conntrack_udp_timeout": 5}`: `ip_forward`, `rp_filter`, `route_localnet` and
   * `accept_local` (per interface, `all`, `default`), conntrack's `tcp_loose`, `tcp_be_liberal`, `acct`, `max`
   * and timeouts. A sysctl left out has the kernel's default (`GLOBAL_SYSCTL_DEFAULTS` in @nfx/model).
   */
  readonly sysctl?: Readonly<Record<string, number>>;
}

export interface ScenarioRoute {
  readonly dst: string;
  readonly via?: string;
  readonly dev?: string;
  readonly type?: "unicast" | "blackhole" | "unreachable" | "prohibit";
  /** Policy routing: `"0x1"` or `"0x1/0xff"`; the route only serves packets with that mark. */
  readonly mark?: string;
}

export interface ScenarioInner {
  readonly proto: "tcp" | "udp" | "icmp";
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly type?: number;
  readonly code?: number;
  readonly icmp_id?: number;
}

export interface ScenarioPacket {
  /** An interface name (the packet arrives there) or "local" (a local process sends it). */
  readonly from: string;
  readonly proto: "tcp" | "udp" | "icmp";
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  /** TCP flags, letters in bit order F S R P A U E C ("SA" = SYN+ACK; E: ECE, C: CWR). */
  readonly flags?: string;
  readonly type?: number;
  readonly code?: number;
  readonly icmp_id?: number;
  readonly icmp_seq?: number;
  readonly seq?: number;
  readonly ack?: number | "auto";
  /** TCP window (no window scaling: the segments carry no options); default 8192. */
  readonly window?: number;
  readonly ttl?: number;
  readonly tos?: number;
  readonly id?: number;
  readonly mark?: number;
  readonly payload?: string;
  readonly inner?: ScenarioInner;
  /** Source MAC of a packet from the wire (for `-m mac`); the neighbour's own address when absent. */
  readonly mac?: string;
  /** uid and gid of the sending process, for a local packet (`-m owner`); root when absent. */
  readonly uid?: number;
  readonly gid?: number;
  /** When the packet is sent, in milliseconds from the start (`-m limit`, ICMP rate limits); default: 0. */
  readonly at?: number;
  /**
   * Seconds the clock moves forward before this packet is sent (conntrack entries whose timeout passes
   * meanwhile are gone). The recorder sleeps that long, so keep it short and shorten the timeouts instead.
   */
  readonly advance?: number;
}
