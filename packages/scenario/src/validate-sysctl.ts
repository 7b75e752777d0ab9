import { isGlobalSysctl, parseConfSysctl, sysctlMax } from "@nfx/model";

const MAX_SYSCTLS = 200;

/**
 * `host.sysctl`: `{"net.ipv4.conf.all.rp_filter": 1, "net.netfilter.nf_conntrack_udp_timeout": 5}`. Only the
 * sysctls the engine honours (and the recorder pins) are accepted, each as an integer in its kernel range;
 * a per-interface name must name `all`, `default`, `lo` or one of the host's interfaces.
 */
export function validateSysctls(
  input: unknown,
  ifaces: readonly string[],
  err: (path: string, message: string) => void,
): Record<string, number> | undefined {
  if (input === undefined) return undefined;
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    err("host.sysctl", 'host.sysctl is an object of sysctl names and numbers, e.g. {"net.ipv4.ip_forward": 1}');
    return undefined;
  }
  const entries = Object.entries(input);
  if (entries.length > MAX_SYSCTLS) {
    err("host.sysctl", `at most ${MAX_SYSCTLS} sysctls`);
    return undefined;
  }
  const out: Record<string, number> = {};
  for (const [name, value] of entries) {
    const path = `host.sysctl[${JSON.stringify(name.slice(0, 80))}]`;
    const conf = parseConfSysctl(name);
    const key = conf ? conf.key : isGlobalSysctl(name) ? name : null;
    if (key === null) {
      err(
        path,
        "not a sysctl the simulator models (see GLOBAL_SYSCTL_DEFAULTS and net.ipv4.conf.IFACE.rp_filter, route_localnet, accept_local)",
      );
      continue;
    }
    if (conf && !["all", "default", "lo", ...ifaces].includes(conf.iface)) {
      err(path, `no interface ${JSON.stringify(conf.iface.slice(0, 20))} on this host (or use all or default)`);
      continue;
    }
    const max = sysctlMax(key);
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
      err(path, `must be an integer 0-${max}`);
      continue;
    }
    out[name] = value;
  }
  return out;
}
