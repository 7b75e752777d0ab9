/**
 * The host's sysctls that change what netfilter and routing do to a packet, by the names `sysctl -a` prints.
 * Defaults are the kernel's own, read in a fresh network namespace of Linux 6.18 (`ip netns add x; ip netns
 * exec x sysctl -a`). Every one is per network namespace except `nf_conntrack_max`, which only the initial
 * namespace may write (a child namespace sees it read-only, but counts its own entries against it).
 */
export const GLOBAL_SYSCTL_DEFAULTS = {
  "net.ipv4.ip_forward": 0,
  "net.netfilter.nf_conntrack_tcp_loose": 1,
  "net.netfilter.nf_conntrack_tcp_be_liberal": 0,
  "net.netfilter.nf_conntrack_acct": 0,
  "net.netfilter.nf_conntrack_max": 262144,
  "net.netfilter.nf_conntrack_tcp_timeout_syn_sent": 120,
  "net.netfilter.nf_conntrack_tcp_timeout_syn_recv": 60,
  "net.netfilter.nf_conntrack_tcp_timeout_established": 432000,
  "net.netfilter.nf_conntrack_tcp_timeout_fin_wait": 120,
  "net.netfilter.nf_conntrack_tcp_timeout_close_wait": 60,
  "net.netfilter.nf_conntrack_tcp_timeout_last_ack": 30,
  "net.netfilter.nf_conntrack_tcp_timeout_time_wait": 120,
  "net.netfilter.nf_conntrack_tcp_timeout_close": 10,
  "net.netfilter.nf_conntrack_udp_timeout": 30,
  "net.netfilter.nf_conntrack_udp_timeout_stream": 120,
  "net.netfilter.nf_conntrack_icmp_timeout": 30,
} as const;

export type GlobalSysctl = keyof typeof GLOBAL_SYSCTL_DEFAULTS;

/** Sysctls that exist per interface (`net.ipv4.conf.IFACE.KEY`) and as `all` and `default`. */
export const CONF_SYSCTL_DEFAULTS = { rp_filter: 0, route_localnet: 0, accept_local: 0 } as const;

export type ConfSysctl = keyof typeof CONF_SYSCTL_DEFAULTS;

/** Largest value of each sysctl the engine honours (its smallest is 0). */
export function sysctlMax(name: GlobalSysctl | ConfSysctl): number {
  if (name === "rp_filter") return 2;
  if (name === "net.netfilter.nf_conntrack_max") return 0x7fffffff;
  // Timeouts are seconds; the kernel keeps them as jiffies in an int.
  if (name.includes("timeout")) return 2_000_000;
  return 1;
}

/** `net.ipv4.conf.eth0.rp_filter` → `{ iface: "eth0", key: "rp_filter" }`; null for any other name. */
export function parseConfSysctl(name: string): { iface: string; key: ConfSysctl } | null {
  const m = /^net\.ipv4\.conf\.([^.]+)\.([a-z_]+)$/.exec(name);
  if (!m || !(m[2]! in CONF_SYSCTL_DEFAULTS)) return null;
  return { iface: m[1]!, key: m[2] as ConfSysctl };
}

export function isGlobalSysctl(name: string): name is GlobalSysctl {
  return Object.hasOwn(GLOBAL_SYSCTL_DEFAULTS, name);
}

/** The values a host sets, by sysctl name; a name left out has the kernel's default. */
export type Sysctls = Readonly<Record<string, number>>;

/** A global sysctl's value on a host. */
export function globalSysctl(s: Sysctls, name: GlobalSysctl): number {
  return s[name] ?? GLOBAL_SYSCTL_DEFAULTS[name];
}

/**
 * A per-interface sysctl as the kernel reads it for a packet on `iface`: the interface's own value (inherited
 * from `default` when the interface was made), combined with `all` as the kernel combines them:
 * `IN_DEV_MAXCONF` for rp_filter (the larger wins: `all=1` makes every interface strict) and `IN_DEV_ORCONF`
 * for route_localnet and accept_local (either one turns it on).
 */
export function confSysctl(s: Sysctls, iface: string, key: ConfSysctl): number {
  const all = s[`net.ipv4.conf.all.${key}`] ?? CONF_SYSCTL_DEFAULTS[key];
  const own = s[`net.ipv4.conf.${iface}.${key}`] ?? s[`net.ipv4.conf.default.${key}`] ?? CONF_SYSCTL_DEFAULTS[key];
  return key === "rp_filter" ? Math.max(all, own) : all || own ? 1 : 0;
}
