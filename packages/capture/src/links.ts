/** `ip -j addr show`: the host's links with their IPv4 addresses. */

export interface Link {
  readonly name: string;
  /** Administratively up (`ip link set up`); a down link has no connected route. */
  readonly up: boolean;
  readonly loopback: boolean;
  readonly mac?: string;
  readonly v4: readonly { readonly addr: string; readonly prefix: number }[];
  /** Global IPv6 addresses: read, not simulated. */
  readonly v6: number;
}

interface AddrJson {
  ifname?: unknown;
  flags?: unknown;
  link_type?: unknown;
  address?: unknown;
  addr_info?: unknown;
}

/** The links, in the kernel's order; throws with the reason when the text is not `ip -j addr` output. */
export function parseLinks(text: string): Link[] {
  const json = parseJsonList(text, "ip -j addr");
  return json.map((entry, k): Link => {
    const e = entry as AddrJson;
    if (typeof e.ifname !== "string") throw new Error(`ip -j addr: entry ${k} has no ifname`);
    const flags = Array.isArray(e.flags) ? e.flags : [];
    const infos = Array.isArray(e.addr_info) ? (e.addr_info as Record<string, unknown>[]) : [];
    const v4 = infos
      .filter((a) => a.family === "inet" && typeof a.local === "string" && typeof a.prefixlen === "number")
      .map((a) => ({ addr: a.local as string, prefix: a.prefixlen as number }));
    const v6 = infos.filter((a) => a.family === "inet6" && a.scope === "global").length;
    const mac = typeof e.address === "string" && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(e.address) ? e.address : "";
    return {
      name: e.ifname,
      up: flags.includes("UP"),
      loopback: e.link_type === "loopback" || flags.includes("LOOPBACK"),
      ...(mac && e.link_type === "ether" ? { mac: mac.toLowerCase() } : {}),
      v4,
      v6,
    };
  });
}

export function parseJsonList(text: string, what: string): unknown[] {
  let json: unknown;
  try {
    json = JSON.parse(text.trim() === "" ? "[]" : text);
  } catch (e) {
    throw new Error(`${what}: not JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(json)) throw new Error(`${what}: expected a JSON list`);
  return json;
}
