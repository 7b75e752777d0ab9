/**
 * Pinning the host's sysctls in the recording namespace, so a golden never depends on the machine that
 * recorded it: a new namespace inherits `net.ipv4.conf.{all,default}` from the machine's own (Debian's
 * systemd sets rp_filter=2 there), so every sysctl the engine honours is written, set or not.
 */
import {
  CONF_SYSCTL_DEFAULTS,
  type ConfSysctl,
  GLOBAL_SYSCTL_DEFAULTS,
  type GlobalSysctl,
  parseConfSysctl,
} from "@nfx/model";
import { hostSysctls, type ScenarioHost } from "@nfx/scenario";

/** The one sysctl a child namespace cannot write: the machine's, shared by every namespace. */
export const MACHINE_WIDE: GlobalSysctl = "net.netfilter.nf_conntrack_max";

export interface SysctlPlan {
  /** Written before the interfaces exist: `all`, `default` (which new interfaces copy) and `lo`. */
  readonly beforeInterfaces: readonly (readonly [string, number])[];
  /** Written once the interfaces exist: the per-interface values the scenario sets, then the global ones. */
  readonly afterInterfaces: readonly (readonly [string, number])[];
  /** `nf_conntrack_max` as the engine will assume it: the recording needs the machine to have this value. */
  readonly conntrackMax: number;
}

export function sysctlPlan(host: ScenarioHost): SysctlPlan {
  const set = hostSysctls(host);
  const before: [string, number][] = [];
  const after: [string, number][] = [];
  for (const key of Object.keys(CONF_SYSCTL_DEFAULTS) as ConfSysctl[]) {
    const dflt = set[`net.ipv4.conf.default.${key}`] ?? CONF_SYSCTL_DEFAULTS[key];
    before.push([`net.ipv4.conf.all.${key}`, set[`net.ipv4.conf.all.${key}`] ?? CONF_SYSCTL_DEFAULTS[key]]);
    before.push([`net.ipv4.conf.default.${key}`, dflt]);
    // lo was made with the namespace, before `default` was pinned.
    before.push([`net.ipv4.conf.lo.${key}`, set[`net.ipv4.conf.lo.${key}`] ?? dflt]);
  }
  for (const [name, value] of Object.entries(set)) {
    const conf = parseConfSysctl(name);
    if (conf && !["all", "default", "lo"].includes(conf.iface)) after.push([name, value]);
  }
  for (const name of Object.keys(GLOBAL_SYSCTL_DEFAULTS) as GlobalSysctl[]) {
    if (name !== MACHINE_WIDE) after.push([name, set[name] ?? GLOBAL_SYSCTL_DEFAULTS[name]]);
  }
  return {
    beforeInterfaces: before,
    afterInterfaces: after,
    conntrackMax: set[MACHINE_WIDE] ?? GLOBAL_SYSCTL_DEFAULTS[MACHINE_WIDE],
  };
}

/** `sysctl -qw` arguments, several per call. */
export function sysctlArgs(entries: readonly (readonly [string, number])[]): string[] {
  return ["-qw", ...entries.map(([name, value]) => `${name}=${value}`)];
}
