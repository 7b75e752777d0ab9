import type { Scenario, ScenarioPacket } from "@nfx/scenario";
import type { Strings } from "../i18n";

export interface HostPreset {
  readonly id: string;
  readonly label: (t: Strings) => string;
  readonly packet: ScenarioPacket;
}

const MAX_IN = 3;

/** `10.20.0.1/24` -> a neighbour on that subnet: the first host address that is not the interface's own. */
function neighbour(cidr: string): string | null {
  const [addr, len] = cidr.split("/");
  const parts = addr?.split(".").map(Number);
  const prefix = Number(len);
  if (parts?.length !== 4 || !(prefix >= 1 && prefix <= 30)) return null;
  const own = ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
  const mask = (0xffffffff << (32 - prefix)) >>> 0;
  const network = (own & mask) >>> 0;
  const candidate = network + 1 === own ? network + 2 : network + 1;
  return [24, 16, 8, 0].map((s) => (candidate >>> s) & 255).join(".");
}

/**
 * Packets for a host the app has no presets of its own for (a captured host): one into each interface from a
 * neighbour on its subnet, to the host's address and a port it listens on; one the host sends; one forwarded
 * between its first two interfaces when it forwards. Addresses only, no netfilter decision.
 */
export function hostPresets(host: Scenario["host"]): HostPreset[] {
  const port = host.listen.find((l) => l.proto === "tcp")?.port ?? 22;
  const out: HostPreset[] = [];
  const withNeighbour = host.interfaces.flatMap((i) => {
    const n = neighbour(i.addr);
    return n ? [{ name: i.name, addr: i.addr.split("/")[0]!, neighbour: n }] : [];
  });
  withNeighbour.slice(0, MAX_IN).forEach((i, k) => {
    out.push({
      id: `host-in-${i.name}`,
      label: (t) => t.composer.hostPresetIn(i.name),
      packet: { from: i.name, proto: "tcp", src: i.neighbour, sport: 40000 + k, dst: i.addr, dport: port, flags: "S" },
    });
  });
  const [a, b] = withNeighbour;
  if (a) {
    out.push({
      id: "host-out",
      label: (t) => t.composer.hostPresetOut,
      packet: { from: "local", proto: "tcp", src: a.addr, sport: 41000, dst: a.neighbour, dport: 443, flags: "S" },
    });
  }
  if (a && b && (host.ip_forward || host.sysctl?.["net.ipv4.ip_forward"] === 1)) {
    out.push({
      id: "host-through",
      label: (t) => t.composer.hostPresetThrough(a.name, b.name),
      packet: { from: a.name, proto: "tcp", src: a.neighbour, sport: 42000, dst: b.neighbour, dport: 443, flags: "S" },
    });
  }
  return out;
}
