import type { Chain, Rule } from "@nfx/model";
import { protoNumber } from "./matches/header";

/** Interface names in the order their bit is assigned: index i is bit i, `lo` is 0. */
export type InterfaceIndex = ReadonlyMap<string, number>;

/** Bit 31 of an interface set stands for "no interface" (`-o` tested in INPUT, say). */
export const NO_IFACE_BIT = 0x80000000 | 0;

/**
 * One rule's header tests take STRIDE consecutive words of `ChainLayout.words`, so the rule loop reads one
 * contiguous run of memory per rule, the way the kernel walks its table blob.
 */
export const STRIDE = 9;
export const W_SRC_MASK = 0;
export const W_SRC_ADDR = 1;
export const W_DST_MASK = 2;
export const W_DST_ADDR = 3;
/** Interface sets as bits over the host's interfaces (bit 31: no interface); -1 matches any. */
export const W_IN_SET = 4;
export const W_OUT_SET = 5;
/** Protocol (bits 0-7), the protocol the inline ports need (8-15, 0: no port test), negations, HAS_MODULES. */
export const W_FLAGS = 6;
/** Inclusive port ranges, `lo | hi << 16`; 0..65535 when the rule tests no port. */
export const W_DPORTS = 7;
export const W_SPORTS = 8;

export const NEG_SRC = 1 << 16;
export const NEG_DST = 1 << 17;
export const NEG_PROTO = 1 << 18;
export const NEG_SPORT = 1 << 19;
export const NEG_DPORT = 1 << 20;
/** The rule has tests the words cannot hold (match modules, `-f`): they run once the words pass. */
export const HAS_MODULES = 1 << 21;

const ANY_PORT = 0xffff << 16;

/**
 * The header tests of a chain's rules for one set of host interfaces. It holds no rule state, so one layout
 * serves every simulation of the same parsed ruleset (see `layoutOf`); the modules and targets, which may hold
 * state (nth counters, token buckets), are compiled per simulation (compiled-chain.ts).
 */
export class ChainLayout {
  readonly n: number;
  readonly words: Int32Array;
  /** For each rule: the tcp/udp match that went into the words (so not run as a module), or null. */
  readonly inlinePorts: readonly (Rule["matches"][number] | null)[];

  constructor(rules: readonly Rule[], interfaces: InterfaceIndex) {
    const n = rules.length;
    this.n = n;
    this.words = new Int32Array(n * STRIDE);
    const inline: (Rule["matches"][number] | null)[] = new Array(n).fill(null);
    for (let i = 0; i < n; i++) inline[i] = fillRule(this.words, i * STRIDE, rules[i]!, interfaces);
    this.inlinePorts = inline;
  }
}

/** Fills one rule's words; returns the tcp/udp match that went into them, if one did. */
function fillRule(w: Int32Array, o: number, rule: Rule, interfaces: InterfaceIndex): Rule["matches"][number] | null {
  let flags = 0;
  if (rule.src) {
    w[o + W_SRC_ADDR] = rule.src.value.addr | 0;
    w[o + W_SRC_MASK] = rule.src.value.mask | 0;
    if (rule.src.invert) flags |= NEG_SRC;
  }
  if (rule.dst) {
    w[o + W_DST_ADDR] = rule.dst.value.addr | 0;
    w[o + W_DST_MASK] = rule.dst.value.mask | 0;
    if (rule.dst.invert) flags |= NEG_DST;
  }
  w[o + W_IN_SET] = rule.inIface ? ifaceSet(interfaces, rule.inIface.value, rule.inIface.invert) : -1;
  w[o + W_OUT_SET] = rule.outIface ? ifaceSet(interfaces, rule.outIface.value, rule.outIface.invert) : -1;
  if (rule.proto) {
    flags |= protoNumber(rule.proto.value) & 0xff;
    if (rule.proto.invert) flags |= NEG_PROTO;
  }
  w[o + W_DPORTS] = ANY_PORT;
  w[o + W_SPORTS] = ANY_PORT;
  // Fragments are reassembled by defrag before any chain, so `-f` never matches (a module that says no).
  if (rule.fragment && !rule.fragment.invert) flags |= HAS_MODULES;
  let inline: Rule["matches"][number] | null = null;
  for (const match of rule.matches) {
    // The common `-p tcp -m tcp --dport 80` goes in the words, so most rules run no closure at all.
    if (
      inline === null &&
      (match.module === "tcp" || match.module === "udp") &&
      !("flags" in match && match.flags) &&
      !(match.module === "tcp" && match.option)
    ) {
      inline = match;
      flags |= (protoNumber(match.module) & 0xff) << 8;
      if (match.sport) {
        w[o + W_SPORTS] = match.sport.value.from | (match.sport.value.to << 16);
        if (match.sport.invert) flags |= NEG_SPORT;
      }
      if (match.dport) {
        w[o + W_DPORTS] = match.dport.value.from | (match.dport.value.to << 16);
        if (match.dport.invert) flags |= NEG_DPORT;
      }
      continue;
    }
    flags |= HAS_MODULES;
  }
  w[o + W_FLAGS] = flags;
  return inline;
}

export function interfaceBit(index: InterfaceIndex, name: string | null): number {
  if (name === null) return NO_IFACE_BIT;
  const i = index.get(name);
  return i === undefined ? 0 : 1 << i;
}

function ifaceSet(index: InterfaceIndex, pattern: string, invert: boolean): number {
  let set = 0;
  const wildcard = pattern.endsWith("+");
  const stem = wildcard ? pattern.slice(0, -1) : pattern;
  for (const [name, i] of index) {
    if (wildcard ? name.startsWith(stem) : name === stem) set |= 1 << i;
  }
  return invert ? ~set : set;
}

/**
 * Layouts kept with the parsed chain they were made from, per set of host interfaces: a second simulation of
 * the same ruleset (the next packet sent in the app, a pinned endpoint) lays out no chain again, and a chain no
 * packet reached is never laid out (nor its rules read, which a lazily parsed ruleset has not parsed yet).
 */
const layouts = new WeakMap<Chain, Map<string, ChainLayout>>();

export function layoutOf(chain: Chain, interfaces: InterfaceIndex, interfacesKey: string): ChainLayout {
  let byHost = layouts.get(chain);
  if (!byHost) {
    byHost = new Map();
    layouts.set(chain, byHost);
  }
  let layout = byHost.get(interfacesKey);
  if (!layout) {
    layout = new ChainLayout(chain.rules, interfaces);
    byHost.set(interfacesKey, layout);
  }
  return layout;
}

/** The key of an interface index in `layoutOf`'s cache: the names in bit order. */
export function interfacesKey(interfaces: InterfaceIndex): string {
  return [...interfaces].map(([name, bit]) => `${bit}=${name}`).join(" ");
}
