import type { Family, Hook, Priority, PriorityName } from "./model";

/**
 * nft's named priorities (src/rule.c, std_prios and bridge_std_prios). The name is a value that depends on the
 * family; for ip/ip6/inet, dstnat and srcnat are only valid on their NAT hooks in nft 1.0.6 (later versions
 * also allow output and input).
 */
const STD: Record<Exclude<PriorityName, "out">, number> = {
  raw: -300,
  mangle: -150,
  dstnat: -100,
  filter: 0,
  security: 50,
  srcnat: 100,
};
const BRIDGE: Partial<Record<PriorityName, number>> = { dstnat: -300, filter: -200, out: 100, srcnat: 300 };

/** The value of a named priority in this family on this hook, or null when nft refuses the name there. */
export function namedPriorityValue(name: string, family: Family, hook: Hook): number | null {
  if (family === "bridge") {
    const v = BRIDGE[name as PriorityName];
    if (v === undefined) return null;
    return compatible(v, name, family, hook) ? v : null;
  }
  if (!(name in STD)) return null;
  const v = STD[name as keyof typeof STD];
  return compatible(v, name, family, hook) ? v : null;
}

function compatible(_v: number, name: string, family: Family, hook: Hook): boolean {
  if (family === "bridge") {
    switch (name) {
      case "dstnat":
        return hook === "prerouting";
      case "filter":
        return true;
      case "out":
        return hook === "output";
      case "srcnat":
        return hook === "postrouting";
    }
    return false;
  }
  const ipish = family === "ip" || family === "ip6" || family === "inet";
  switch (name) {
    case "filter":
      return ipish || family === "arp" || family === "netdev";
    case "raw":
    case "mangle":
    case "security":
      return ipish;
    case "dstnat":
      return ipish && hook === "prerouting";
    case "srcnat":
      return ipish && hook === "postrouting";
  }
  return false;
}

/** How `nft list` writes a priority value: the nearest compatible name within 10, else the number. */
export function priorityForValue(value: number, family: Family, hook: Hook): Priority {
  const table = family === "bridge" ? BRIDGE : STD;
  for (const [name, std] of Object.entries(table)) {
    if (std === undefined) continue;
    const offset = value - std;
    if (Math.abs(offset) <= 10) {
      // nft stops at the first name within reach, compatible or not (prio2str's `break`).
      if (!compatible(std, name, family, hook)) break;
      return { kind: "named", name: name as PriorityName, offset, value };
    }
  }
  return { kind: "number", value };
}

export function formatPriority(p: Priority): string {
  if (p.kind === "number") return String(p.value);
  if (p.offset > 0) return `${p.name} + ${p.offset}`;
  if (p.offset < 0) return `${p.name} - ${-p.offset}`;
  return p.name;
}
