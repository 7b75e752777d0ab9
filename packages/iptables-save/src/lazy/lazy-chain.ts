import type { Chain, Counters, Policy, Rule, SourcePos } from "@nfx/model";

/** What makes a lazy chain's rules, and counts them without making them. */
export interface ChainSource {
  rulesOf(serial: number): readonly Rule[];
  ruleCountOf(serial: number): number;
}

/**
 * Where a lazy chain's rules come from, kept on the chain itself under symbols (not enumerable: invisible to
 * JSON, deep equality and cloning) rather than in a WeakMap, which would cost several times more per chain.
 */
const SOURCE = Symbol("lazy chain source");
const SERIAL = Symbol("lazy chain serial");

interface LazyChain extends Chain {
  readonly [SOURCE]: ChainSource;
  readonly [SERIAL]: number;
}

/** The one getter of every lazy chain: makes the rules on first use and keeps them as a plain property. */
function rulesGetter(this: LazyChain): readonly Rule[] {
  const rules = this[SOURCE].rulesOf(this[SERIAL]);
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
  return new (LazyChainObject as unknown as new (...args: unknown[]) => Chain)(
    source,
    serial,
    name,
    policy,
    counters,
    pos,
  );
}

/**
 * Made with `new` so that V8 keeps every field inside the object (a literal grown field by field spills them
 * into a separate array: 30 more bytes for each of a node's 178,795 chains). Its prototype is Object.prototype:
 * the chain is a plain object, as the full parse's.
 */
function LazyChainObject(
  this: { -readonly [K in keyof Chain]: Chain[K] },
  source: ChainSource,
  serial: number,
  name: string,
  policy: Policy | null,
  counters: Counters | undefined,
  pos: SourcePos | undefined,
): void {
  this.name = name;
  this.policy = policy;
  // `rules` is added as a new property (not a data property made an accessor), in the full parse's key order:
  // V8 then shares one hidden class between all lazy chains instead of making each a dictionary.
  Object.defineProperty(this, "rules", LAZY_RULES);
  if (counters) this.counters = counters;
  if (pos) this.pos = pos;
  Object.defineProperty(this, SOURCE, { value: source });
  Object.defineProperty(this, SERIAL, { value: serial });
}
LazyChainObject.prototype = Object.prototype;

/** Makes the chain's rules again on next use (the whole-table checks dropped some). */
export function forgetRules(chain: Chain): void {
  Object.defineProperty(chain, "rules", LAZY_RULES);
}

/** How many rules the chain has, without reading them when it is lazy and not read yet. */
export function chainRuleCount(chain: Chain): number {
  const desc = Object.getOwnPropertyDescriptor(chain, "rules");
  if (desc?.get === rulesGetter) return (chain as LazyChain)[SOURCE].ruleCountOf((chain as LazyChain)[SERIAL]);
  return chain.rules.length;
}
