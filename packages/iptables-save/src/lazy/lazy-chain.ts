import type { Chain, Counters, Policy, Rule, SourcePos } from "@nfx/model";

/** What makes a lazy chain's rules, and counts them without making them. */
export interface ChainSource {
  rulesOf(serial: number): readonly Rule[];
  ruleCountOf(serial: number): number;
}

interface Home {
  readonly source: ChainSource;
  readonly serial: number;
}

const homes = new WeakMap<Chain, Home>();

/** The one getter of every lazy chain: makes the rules on first use and keeps them as a plain property. */
function rulesGetter(this: Chain): readonly Rule[] {
  const home = homes.get(this)!;
  const rules = home.source.rulesOf(home.serial);
  Object.defineProperty(this, "rules", { value: rules, enumerable: true, writable: true, configurable: true });
  return rules;
}

const LAZY_RULES: PropertyDescriptor = { get: rulesGetter, enumerable: true, configurable: true };

/**
 * A model chain whose `rules` are read from the text when first used. It has the keys of the full parse's chain
 * in the same order (`rules` is an enumerable property that turns into a plain array), so consumers, deep
 * equality and structured cloning see the same object.
 */
export function lazyChain(
  source: ChainSource,
  serial: number,
  name: string,
  policy: Policy | null,
  counters: Counters | undefined,
  pos: SourcePos | undefined,
): Chain {
  const chain: { -readonly [K in keyof Chain]: Chain[K] } = { name, policy, rules: [] };
  if (counters) chain.counters = counters;
  if (pos) chain.pos = pos;
  Object.defineProperty(chain, "rules", LAZY_RULES);
  homes.set(chain, { source, serial });
  return chain;
}

/** Makes the chain's rules again on next use (the whole-table checks dropped some). */
export function forgetRules(chain: Chain): void {
  Object.defineProperty(chain, "rules", LAZY_RULES);
}

/** How many rules the chain has, without reading them when it is lazy and not read yet. */
export function chainRuleCount(chain: Chain): number {
  const desc = Object.getOwnPropertyDescriptor(chain, "rules");
  if (desc?.get === rulesGetter) {
    const home = homes.get(chain)!;
    return home.source.ruleCountOf(home.serial);
  }
  return chain.rules.length;
}
