/**
 * ENGINE ADAPTER (pending): pinning which endpoint a `statistic --mode random` rule picks.
 *
 * The engine draws `statistic` from its seeded random source and has no way to force a draw. The option
 * requested from the engine's owners is:
 *
 *   SimulatorOptions.statisticPins?: ReadonlyMap<string, boolean>
 *     key   `${table}:${chain}:${ruleNumber}` (1-based, as in the trace)
 *     value true: the rule's statistic match matches; false: it does not; absent: random as now.
 *
 * Until it lands, `toStatisticPins` builds that map from the UI's pins and nothing sends it, so the UI
 * shows the pin and says the simulation still draws at random.
 */
export const STATISTIC_PINS_SUPPORTED = false;

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
