import type { Chain, Rule } from "@nfx/model";
import { protoNumber } from "./matches/header";

/** Interface names in the order their bit is assigned: index i is bit i, `lo` is 0. */
export type InterfaceIndex = ReadonlyMap<string, number>;

/** Bit 31 of an interface set stands for "no interface" (`-o` tested in INPUT, say). */
export const NO_IFACE_BIT = 0x80000000 | 0;

export const NEG_SRC = 1;
export const NEG_DST = 2;
export const NEG_PROTO = 4;
export const NEG_SPORT = 8;
export const NEG_DPORT = 16;
/** The rule has tests the arrays cannot hold (match modules, `-f`): they run once the arrays' tests pass. */
export const HAS_MODULES = 32;

/** Which header fields some rule of a chain tests (`ChainLayout.tests`): a field none tests passes for all. */
export const TESTS_SRC = 1;
export const TESTS_DST = 2;
export const TESTS_IFACE = 4;
export const TESTS_PROTO = 8;
export const TESTS_SPORT = 16;
export const TESTS_DPORT = 32;

/**
 * The header tests of a chain's rules for one set of host interfaces, one typed array per test (the rule loop
 * reads each as a contiguous run, the way the kernel walks its table blob). It holds no rule state, so one
 * layout serves every simulation of the same parsed ruleset (see `layoutOf`); the modules and targets, which
 * may hold state (nth counters, token buckets), are compiled per simulation (compiled-chain.ts).
 */
export class ChainLayout {
  readonly n: number;
  readonly srcAddr: Int32Array;
  readonly srcMask: Int32Array;
  readonly dstAddr: Int32Array;
  readonly dstMask: Int32Array;
  /** Interface sets as bits over the host's interfaces (bit 31: no interface); -1 matches any. */
  readonly inSet: Int32Array;
  readonly outSet: Int32Array;
  readonly proto: Uint8Array;
  /** NEG_* bits, and HAS_MODULES. */
  readonly flags: Uint8Array;
  /** tcp/udp port tests in line too: the protocol they need (0: none), and inclusive ranges. */
  readonly portProto: Uint8Array;
  readonly sportLo: Uint16Array;
  readonly sportHi: Uint16Array;
  readonly dportLo: Uint16Array;
  readonly dportHi: Uint16Array;
  /** For each rule: the tcp/udp match that went into the arrays (so not run as a module), or null. */
  readonly inlinePorts: readonly (Rule["matches"][number] | null)[];
  /** TESTS_* bits: the fields some rule tests. */
  tests = 0;

  constructor(rules: readonly Rule[], interfaces: InterfaceIndex) {
    const n = rules.length;
    this.n = n;
    this.srcAddr = new Int32Array(n);
    this.srcMask = new Int32Array(n);
    this.dstAddr = new Int32Array(n);
    this.dstMask = new Int32Array(n);
    this.inSet = new Int32Array(n).fill(-1);
    this.outSet = new Int32Array(n).fill(-1);
    this.proto = new Uint8Array(n);
    this.flags = new Uint8Array(n);
    this.portProto = new Uint8Array(n);
    this.sportLo = new Uint16Array(n);
    this.sportHi = new Uint16Array(n).fill(65535);
    this.dportLo = new Uint16Array(n);
    this.dportHi = new Uint16Array(n).fill(65535);
    const inline: (Rule["matches"][number] | null)[] = new Array(n).fill(null);
    // A chain names a handful of interface patterns over and over: each is turned into a bit set once.
    const sets = new Map<string, number>();
    const ifaces = (pattern: string, invert: boolean): number => {
      const key = invert ? `!${pattern}` : pattern;
      let set = sets.get(key);
      if (set === undefined) {
        set = ifaceSet(interfaces, pattern, invert);
        sets.set(key, set);
      }
      return set;
    };
    for (let i = 0; i < n; i++) inline[i] = this.fill(i, rules[i]!, ifaces);
    this.inlinePorts = inline;
  }

  /** Fills rule i's tests; returns the tcp/udp match that went into the arrays, if one did. */
  private fill(
    i: number,
    rule: Rule,
    ifaces: (pattern: string, invert: boolean) => number,
  ): Rule["matches"][number] | null {
    let flags = 0;
    let tests = this.tests;
    const { src, dst, inIface, outIface, proto } = rule;
    if (src) {
      this.srcAddr[i] = src.value.addr | 0;
      this.srcMask[i] = src.value.mask | 0;
      if (src.invert) flags |= NEG_SRC;
      tests |= TESTS_SRC;
    }
    if (dst) {
      this.dstAddr[i] = dst.value.addr | 0;
      this.dstMask[i] = dst.value.mask | 0;
      if (dst.invert) flags |= NEG_DST;
      tests |= TESTS_DST;
    }
    if (inIface) {
      this.inSet[i] = ifaces(inIface.value, inIface.invert);
      tests |= TESTS_IFACE;
    }
    if (outIface) {
      this.outSet[i] = ifaces(outIface.value, outIface.invert);
      tests |= TESTS_IFACE;
    }
    if (proto) {
      this.proto[i] = protoNumber(proto.value);
      if (proto.invert) flags |= NEG_PROTO;
      tests |= TESTS_PROTO;
    }
    // Fragments are reassembled by defrag before any chain, so `-f` never matches (a module that says no).
    if (rule.fragment && !rule.fragment.invert) flags |= HAS_MODULES;
    let inline: Rule["matches"][number] | null = null;
    const matches = rule.matches;
    for (let m = 0; m < matches.length; m++) {
      const match = matches[m]!;
      // The common `-p tcp -m tcp --dport 80` goes in the arrays, so most rules run no closure at all.
      if (
        inline === null &&
        (match.module === "tcp" || match.module === "udp") &&
        !("flags" in match && match.flags) &&
        !(match.module === "tcp" && match.option)
      ) {
        inline = match;
        this.portProto[i] = match.module === "tcp" ? 6 : 17;
        tests |= TESTS_PROTO;
        if (match.sport) {
          this.sportLo[i] = match.sport.value.from;
          this.sportHi[i] = match.sport.value.to;
          if (match.sport.invert) flags |= NEG_SPORT;
          tests |= TESTS_SPORT;
        }
        if (match.dport) {
          this.dportLo[i] = match.dport.value.from;
          this.dportHi[i] = match.dport.value.to;
          if (match.dport.invert) flags |= NEG_DPORT;
          tests |= TESTS_DPORT;
        }
        continue;
      }
      flags |= HAS_MODULES;
    }
    this.flags[i] = flags;
    this.tests = tests;
    return inline;
  }
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
