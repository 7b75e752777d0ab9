import {
  type ChainLayout,
  NEG_DPORT,
  NEG_DST,
  NEG_PROTO,
  NEG_SPORT,
  NEG_SRC,
  TESTS_DPORT,
  TESTS_DST,
  TESTS_IFACE,
  TESTS_PROTO,
  TESTS_SPORT,
  TESTS_SRC,
} from "./chain-layout";

/** Chains shorter than this are walked rule by rule: their loop is already shorter than the sieve's lookups. */
export const SIEVE_MIN_RULES = 128;

/** Values remembered per packet field; past this the field's sets are dropped and built again as needed. */
const MAX_CACHED = 64;

/**
 * The rules of a long chain whose header tests pass, for one packet, as a bit set: one set per packet field value
 * (the rules whose source test passes for 10.0.0.5, say), built by one pass over that field's array the first
 * time the value is seen and kept, then ANDed. A 10,000-rule chain costs a packet ~300 word ANDs instead of
 * 10,000 rule tests, and KUBE-SERVICES' 44,000 rules one pass over the destinations for a new ClusterIP. The
 * sets are the header tests exactly (the rule loop still runs every test on a candidate), and they hold no rule
 * state, so they live on the shared layout.
 */
export class HeaderSieve {
  private readonly words: number;
  private readonly scratch: Uint32Array;
  /** Which fields some rule tests: the others pass for every rule and cost nothing. */
  private readonly usesSrc: boolean;
  private readonly usesDst: boolean;
  private readonly usesIface: boolean;
  private readonly usesProto: boolean;
  private readonly usesSport: boolean;
  private readonly usesDport: boolean;
  private readonly src = new Map<number, Uint32Array>();
  private readonly dst = new Map<number, Uint32Array>();
  private readonly iface = new Map<number, Uint32Array>();
  private readonly proto = new Map<number, Uint32Array>();
  private readonly sport = new Map<number, Uint32Array>();
  private readonly dport = new Map<number, Uint32Array>();
  /**
   * The fields (those some rule tests) and first word `scratch` holds the candidates for, or null. Packets of one
   * flow, or of one client to one service, follow each other through a chain: they get the same candidates
   * without the ANDs, which a fresh `nfx trace` runs before V8 has optimised them (a few thousand word
   * operations a packet on a 10,000-rule chain, slow in the interpreter).
   */
  private last: Int32Array | null = null;
  private readonly key = new Int32Array(8);

  constructor(private readonly L: ChainLayout) {
    this.words = (L.n + 31) >>> 5;
    this.scratch = new Uint32Array(this.words);
    this.usesSrc = (L.tests & TESTS_SRC) !== 0;
    this.usesDst = (L.tests & TESTS_DST) !== 0;
    this.usesIface = (L.tests & TESTS_IFACE) !== 0;
    this.usesProto = (L.tests & TESTS_PROTO) !== 0;
    this.usesSport = (L.tests & TESTS_SPORT) !== 0;
    this.usesDport = (L.tests & TESTS_DPORT) !== 0;
  }

  /**
   * The candidates at or after rule `start` (bits of earlier words are not computed): valid until the next call.
   * A rule outside the set fails a header test; one inside may still fail its modules or another header test.
   * The sets already built cost one AND each; a missing one costs a pass over the chain, so it is built only
   * while the candidates are still many (a new ClusterIP's destination set leaves one or two rules of
   * KUBE-SERVICES, whose protocol and port the rule loop then tests itself).
   */
  candidates(
    start: number,
    s: number,
    d: number,
    inBit: number,
    outBit: number,
    pn: number,
    sp: number,
    dp: number,
  ): Uint32Array {
    const out = this.scratch;
    const from = start >>> 5;
    if (this.holds(from, s, d, inBit, outBit, pn, sp, dp)) return out;
    out.fill(0xffffffff, from);
    const ifaceKey = (inBit >>> 0) * 4294967296 + (outBit >>> 0);
    let missing = 0;
    if (this.usesDst) missing |= andKept(out, from, this.dst, d, 1);
    if (this.usesSrc) missing |= andKept(out, from, this.src, s, 2);
    if (this.usesDport) missing |= andKept(out, from, this.dport, dp, 4);
    if (this.usesProto) missing |= andKept(out, from, this.proto, pn, 8);
    if (this.usesIface) missing |= andKept(out, from, this.iface, ifaceKey, 16);
    if (this.usesSport) missing |= andKept(out, from, this.sport, sp, 32);
    if (missing & 1 && many(out, from)) and(out, from, keep(this.dst, d, this.dstSet(d)));
    if (missing & 2 && many(out, from)) and(out, from, keep(this.src, s, this.srcSet(s)));
    if (missing & 4 && many(out, from)) and(out, from, keep(this.dport, dp, this.portSet(dp, false)));
    if (missing & 8 && many(out, from)) and(out, from, keep(this.proto, pn, this.protoSet(pn)));
    if (missing & 16 && many(out, from)) and(out, from, keep(this.iface, ifaceKey, this.ifaceSet(inBit, outBit)));
    if (missing & 32 && many(out, from)) and(out, from, keep(this.sport, sp, this.portSet(sp, true)));
    this.last = this.key;
    return out;
  }

  /**
   * Whether `scratch` holds the candidates for these fields already (a field no rule tests does not count);
   * if not, records them as the ones it is about to hold.
   */
  private holds(from: number, s: number, d: number, inBit: number, outBit: number, pn: number, sp: number, dp: number) {
    const k = this.key;
    const same =
      this.last === k &&
      k[0] === from &&
      (!this.usesSrc || k[1] === s) &&
      (!this.usesDst || k[2] === d) &&
      (!this.usesIface || (k[3] === inBit && k[4] === outBit)) &&
      (!this.usesProto || k[5] === pn) &&
      (!this.usesSport || k[6] === sp) &&
      (!this.usesDport || k[7] === dp);
    if (same) return true;
    this.last = null;
    k[0] = from;
    k[1] = s;
    k[2] = d;
    k[3] = inBit;
    k[4] = outBit;
    k[5] = pn;
    k[6] = sp;
    k[7] = dp;
    return false;
  }

  private srcSet(s: number): Uint32Array {
    const { n, srcMask, srcAddr, flags } = this.L;
    const set = new Uint32Array(this.words);
    for (let i = 0; i < n; i++) {
      if (((s & srcMask[i]!) === srcAddr[i]) !== ((flags[i]! & NEG_SRC) !== 0)) set[i >>> 5]! |= 1 << (i & 31);
    }
    return set;
  }

  private dstSet(d: number): Uint32Array {
    const { n, dstMask, dstAddr, flags } = this.L;
    const set = new Uint32Array(this.words);
    for (let i = 0; i < n; i++) {
      if (((d & dstMask[i]!) === dstAddr[i]) !== ((flags[i]! & NEG_DST) !== 0)) set[i >>> 5]! |= 1 << (i & 31);
    }
    return set;
  }

  private ifaceSet(inBit: number, outBit: number): Uint32Array {
    const { n, inSet, outSet } = this.L;
    const set = new Uint32Array(this.words);
    for (let i = 0; i < n; i++) {
      if ((inSet[i]! & inBit) !== 0 && (outSet[i]! & outBit) !== 0) set[i >>> 5]! |= 1 << (i & 31);
    }
    return set;
  }

  /** `-p` and the protocol an inline port test needs (a tcp port test fails a udp packet). */
  private protoSet(pn: number): Uint32Array {
    const { n, proto, portProto, flags } = this.L;
    const set = new Uint32Array(this.words);
    for (let i = 0; i < n; i++) {
      const p = proto[i]!;
      if (p !== 0 && (p === pn) === ((flags[i]! & NEG_PROTO) !== 0)) continue;
      const pp = portProto[i]!;
      if (pp !== 0 && pp !== pn) continue;
      set[i >>> 5]! |= 1 << (i & 31);
    }
    return set;
  }

  /** An inline port test; a rule without one passes (its protocol, if any, is the proto set's). */
  private portSet(port: number, source: boolean): Uint32Array {
    const { n, portProto, flags } = this.L;
    const lo = source ? this.L.sportLo : this.L.dportLo;
    const hi = source ? this.L.sportHi : this.L.dportHi;
    const neg = source ? NEG_SPORT : NEG_DPORT;
    const set = new Uint32Array(this.words);
    for (let i = 0; i < n; i++) {
      if (portProto[i] !== 0 && (port >= lo[i]! && port <= hi[i]!) === ((flags[i]! & neg) !== 0)) continue;
      set[i >>> 5]! |= 1 << (i & 31);
    }
    return set;
  }
}

function keep(sets: Map<number, Uint32Array>, key: number, set: Uint32Array): Uint32Array {
  if (sets.size >= MAX_CACHED) sets.clear();
  sets.set(key, set);
  return set;
}

/** ANDs the kept set of `key` into `out` and returns 0, or returns `bit` when none is kept. */
function andKept(out: Uint32Array, from: number, sets: Map<number, Uint32Array>, key: number, bit: number): number {
  const set = sets.get(key);
  if (!set) return bit;
  and(out, from, set);
  return 0;
}

/** Candidates the rule loop tests one by one more cheaply than a pass over the chain builds a set. */
const FEW = 32;

/** True when `out` from word `from` on holds more than FEW candidates. */
function many(out: Uint32Array, from: number): boolean {
  let count = 0;
  for (let w = from; w < out.length; w++) {
    let x = out[w]! | 0;
    if (x === 0) continue;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    count += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
    if (count > FEW) return true;
  }
  return false;
}

function and(out: Uint32Array, from: number, set: Uint32Array): void {
  for (let w = from; w < out.length; w++) out[w]! &= set[w]!;
}
