/**
 * The sysctls that change what the kernel does with a packet. Those the scenario has a field for are kept;
 * the others are read and named in a warning when they differ from what the engine assumes.
 */
import { type Source, sysctl } from "./reader";

type Read = (source: Source, consequence: string, absentIsNormal?: boolean) => string | null;

const num = (text: string | null): number | undefined => {
  if (text === null) return undefined;
  const n = Number(text.trim());
  return Number.isInteger(n) ? n : undefined;
};

/** Conntrack's mode and `nf_conntrack_tcp_loose`; both absent when nf_conntrack is not loaded. */
export function conntrackSysctls(read: Read): { on: boolean; tcpLoose?: boolean } {
  // Absent: nf_conntrack is not loaded, so nothing has needed conntrack yet.
  const count = read(sysctl("net", "netfilter", "nf_conntrack_count"), 'conntrack is taken as "auto"', true);
  if (count === null) return { on: false };
  const loose = num(read(sysctl("net", "netfilter", "nf_conntrack_tcp_loose"), "tcp_loose is taken as 1"));
  // Entries in the table mean conntrack already runs in this namespace, whatever the ruleset needs.
  return { on: (num(count) ?? 0) > 0, ...(loose === undefined ? {} : { tcpLoose: loose !== 0 }) };
}

/** rp_filter and route_localnet: read for every interface, named when not what the engine assumes (0). */
export function interfaceSysctls(names: readonly string[], read: Read, warn: (m: string) => void): void {
  const settings = [
    {
      key: "rp_filter",
      // The effective value is the larger of all and the device's own (`IN_DEV_RPFILTER`).
      combine: (all: number, dev: number) => Math.max(all, dev),
      effect:
        "the scenario has no field for it yet and the engine does no reverse-path check: a packet the kernel drops as a martian passes in a trace",
    },
    {
      key: "route_localnet",
      combine: (all: number, dev: number) => (all || dev ? 1 : 0),
      effect:
        "the scenario has no field for it yet and the engine assumes 0 (127.0.0.0/8 is not routed to or from a device)",
    },
  ];
  for (const s of settings) {
    const all = num(read(sysctl("net", "ipv4", "conf", "all", s.key), `${s.key} is not named`, true)) ?? 0;
    const on: string[] = [];
    for (const name of names) {
      const dev = num(read(sysctl("net", "ipv4", "conf", name, s.key), `${s.key} of ${name} is not named`, true)) ?? 0;
      const value = s.combine(all, dev);
      if (value) on.push(`${name}=${value}`);
    }
    if (on.length) warn(`${s.key} is on (${on.join(", ")}): ${s.effect}`);
  }
}
