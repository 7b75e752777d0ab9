/**
 * The sysctls that change what the kernel does with a packet, read into the scenario's `host.sysctl` by the
 * names `sysctl -a` prints. Only the values that differ from what a scenario assumes when a name is left out
 * are written: the engine and the recorder take an absent sysctl as the kernel's default, so the meaning is the
 * same, and a reader of the file (or of a shared link) sees at once what is particular about this host.
 */
import {
  CONF_SYSCTL_DEFAULTS,
  type ConfSysctl,
  GLOBAL_SYSCTL_DEFAULTS,
  type GlobalSysctl,
  parseConfSysctl,
} from "@nfx/model";
import { type Source, sysctl } from "./reader";

type Read = (source: Source, consequence: string, absentIsNormal?: boolean) => string | null;

/**
 * Not captured: it is the machine's (only the initial namespace may set it), so a scenario that names it can
 * be recorded only on machines of the same memory size, and a scenario's few packets never fill the table.
 */
const MACHINE_WIDE: GlobalSysctl = "net.netfilter.nf_conntrack_max";

const num = (text: string | null): number | undefined => {
  if (text === null) return undefined;
  const n = Number(text.trim());
  return Number.isInteger(n) ? n : undefined;
};

export interface HostSysctls {
  /** The sysctls whose value differs from the scenario's default for that name. */
  readonly sysctl: Record<string, number>;
  /** Conntrack's table has entries: it already runs in this namespace, whatever the ruleset needs. */
  readonly conntrackOn: boolean;
}

/**
 * Reads the global sysctls the engine honours, then `rp_filter`, `route_localnet` and `accept_local` for
 * `all`, `default` and each interface. The conntrack ones are absent when nf_conntrack is not loaded (nothing
 * has needed it yet): then the module's defaults are what it will start with.
 */
export function readSysctls(interfaces: readonly string[], read: Read, warn: (m: string) => void): HostSysctls {
  const out: Record<string, number> = {};
  const count = read(sysctl("net", "netfilter", "nf_conntrack_count"), 'conntrack is taken as "auto"', true);
  for (const name of Object.keys(GLOBAL_SYSCTL_DEFAULTS) as GlobalSysctl[]) {
    if (name === MACHINE_WIDE) continue;
    const conntrack = name.startsWith("net.netfilter.");
    if (conntrack && count === null) continue;
    const value = num(read(sysctl(...name.split(".")), `${name} is taken as ${GLOBAL_SYSCTL_DEFAULTS[name]}`));
    if (value !== undefined && value !== GLOBAL_SYSCTL_DEFAULTS[name]) out[name] = value;
  }
  for (const key of Object.keys(CONF_SYSCTL_DEFAULTS) as ConfSysctl[]) {
    const conf = (iface: string) =>
      num(read(sysctl("net", "ipv4", "conf", iface, key), `${key} of ${iface} is taken as its default`, true));
    for (const scope of ["all", "default"]) {
      const value = conf(scope);
      if (value !== undefined && value !== CONF_SYSCTL_DEFAULTS[key]) out[`net.ipv4.conf.${scope}.${key}`] = value;
    }
    // An interface copied `default` when it was made: its own value is written only when it was changed since.
    const inherited = out[`net.ipv4.conf.default.${key}`] ?? CONF_SYSCTL_DEFAULTS[key];
    for (const iface of interfaces) {
      const value = conf(iface);
      if (value === undefined || value === inherited) continue;
      const name = `net.ipv4.conf.${iface}.${key}`;
      if (parseConfSysctl(name)) out[name] = value;
      else warn(`${name} is ${value}: the scenario cannot name a sysctl of an interface with a dot in its name`);
    }
  }
  return { sysctl: out, conntrackOn: (num(count) ?? 0) > 0 };
}
