import type { ChainState } from "../ruleset-builder";

/**
 * One table's chains by name, looked up straight from a range of the file text with the scanner's hash: one
 * probe where the names memo and then the table's Map took two (a rule line names its chain and, most often,
 * the chain it jumps to). It only remembers chains found the slow way, and {@link clear} (O(1): a new
 * generation) forgets them all whenever the chains may have changed, so it can never answer with a stale one.
 */
export class ChainIndex {
  private chains: (ChainState | undefined)[] = new Array(1024).fill(undefined);
  private hashes = new Int32Array(1024);
  /** Which generation each slot was filled in: slots of older ones are empty. */
  private gens = new Int32Array(1024);
  private gen = 1;
  private count = 0;

  clear(): void {
    this.gen++;
    this.count = 0;
  }

  find(text: string, start: number, stop: number, hash: number): ChainState | undefined {
    const { chains, hashes, gens, gen } = this;
    const mask = chains.length - 1;
    for (let slot = hash & mask; gens[slot] === gen; slot = (slot + 1) & mask) {
      if (hashes[slot] !== hash) continue;
      const chain = chains[slot]!;
      if (sameText(chain.name, text, start, stop)) return chain;
    }
    return undefined;
  }

  /** Remembers `chain`, not found by {@link find} in this generation, under the hash of its name. */
  add(hash: number, chain: ChainState): void {
    if ((this.count + 1) * 2 > this.chains.length) this.grow();
    this.put(hash, chain);
    this.count++;
  }

  private put(hash: number, chain: ChainState): void {
    const mask = this.chains.length - 1;
    let slot = hash & mask;
    while (this.gens[slot] === this.gen) slot = (slot + 1) & mask;
    this.chains[slot] = chain;
    this.hashes[slot] = hash;
    this.gens[slot] = this.gen;
  }

  private grow(): void {
    const { chains, hashes, gens, gen } = this;
    const size = chains.length * 2;
    this.chains = new Array(size).fill(undefined);
    this.hashes = new Int32Array(size);
    this.gens = new Int32Array(size);
    for (let i = 0; i < chains.length; i++) if (gens[i] === gen) this.put(hashes[i]!, chains[i]!);
  }
}

function sameText(key: string, text: string, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}
