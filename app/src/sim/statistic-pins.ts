/**
 * Pinning which endpoint a kube-proxy `statistic --mode random` cascade picks, in the engine's terms:
 * `SimulatorOptions.statisticPins`, keyed `${table}:${chain}:${ruleNumber}` (1-based, as in the trace);
 * true: the rule's statistic match matches, false: it does not, absent: random. The UI pins an endpoint per
 * service chain; the worker turns those pins into this map for each simulation (compute.ts).
 */
/** A pin on endpoint k of a kube-proxy cascade: every earlier statistic rule misses, rule k matches. */
export function toStatisticPins(
  pins: Readonly<Record<string, number>>,
  statisticRules: (table: string, chain: string) => readonly number[],
): ReadonlyMap<string, boolean> {
  const out = new Map<string, boolean>();
  for (const [key, pinned] of Object.entries(pins)) {
    const [table, chain] = key.split(":") as [string, string];
    for (const index of statisticRules(table, chain)) {
      if (index > pinned) break;
      out.set(`${table}:${chain}:${index + 1}`, index === pinned);
    }
  }
  return out;
}
