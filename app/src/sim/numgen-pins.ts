import type { NumgenPins } from "@nfx/engine";
import type { Ruleset } from "@nfx/nftables";
import { kubeNftService } from "@nfx/ruleset-edit";

/**
 * Pinning which endpoint a kube-proxy nftables service picks (issue 10, item 7). The store keeps every pin in one
 * record (`EndpointPins`); an nft service's pin is keyed `nft FAMILY TABLE:CHAIN` (the service chain) and holds the
 * numgen result chosen, one of the endpoint's `values` as @nfx/ruleset-edit reads them. The worker turns those
 * pins into the engine's `NumgenPins` (keyed `FAMILY TABLE:CHAIN:RULE`, 1-based) for each simulation.
 */
const PREFIX = "nft ";

/** The `table` half of a pin key for a native table: `setPin(nftPinTable(family, table), chain, value)`. */
export function nftPinTable(family: string, table: string): string {
  return `${PREFIX}${family} ${table}`;
}

/** The store's key of an nft service's pin. */
export function nftPinKey(family: string, table: string, chain: string): string {
  return `${nftPinTable(family, table)}:${chain}`;
}

/** True for a pin on an nft service (the iptables statistic pins are the others). */
export function isNftPinKey(key: string): boolean {
  return key.startsWith(PREFIX);
}

/**
 * The engine's numgen pins for the pins on nft services: each names its service chain, whose numgen rule the
 * package's recognition finds. A pin on a chain that no longer is a service (the ruleset changed) pins nothing.
 */
export function toNumgenPins(pins: Readonly<Record<string, number>>, ruleset: Ruleset): NumgenPins {
  const out = new Map<string, number>();
  for (const [key, value] of Object.entries(pins)) {
    if (!isNftPinKey(key)) continue;
    // Table names are nft identifiers (no `:` nor space); the chain is the rest, whatever it holds.
    const rest = key.slice(PREFIX.length);
    const colon = rest.indexOf(":");
    const [family, table] = rest.slice(0, colon).split(" ") as [string, string];
    const chain = rest.slice(colon + 1);
    const t = ruleset.tables.find((x) => x.family === family && x.name === table);
    const numgen = t ? kubeNftService(t, chain)?.numgen : null;
    if (numgen) out.set(`${numgen.family} ${numgen.table}:${numgen.chain}:${numgen.ruleIndex + 1}`, value);
  }
  return out;
}
