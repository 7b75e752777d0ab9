import type { Action } from "./compile";
import type { Predicate } from "./matches";

/**
 * The generic header tests of every rule of a ruleset in typed arrays, indexed by a rule's global position
 * (its chain's offset plus its place in the chain), so the rule loop walks contiguous memory the way the
 * kernel walks its table blob, and only the rules that pass run their module predicates.
 */
export class RuleBlob {
  readonly srcAddr: Int32Array;
  readonly srcMask: Int32Array;
  readonly dstAddr: Int32Array;
  readonly dstMask: Int32Array;
  /** Interface sets as bits over the host's interfaces (bit 31: no interface); -1 matches any. */
  readonly inSet: Int32Array;
  readonly outSet: Int32Array;
  readonly proto: Uint8Array;
  readonly neg: Uint8Array;
  /** tcp/udp port tests in line too: the protocol they need (0: none), and inclusive ranges. */
  readonly portProto: Uint8Array;
  readonly sportLo: Uint16Array;
  readonly sportHi: Uint16Array;
  readonly dportLo: Uint16Array;
  readonly dportHi: Uint16Array;
  readonly modules: (Predicate[] | null)[];
  readonly actions: Action[];
  readonly packets: Float64Array;
  readonly bytes: Float64Array;

  constructor(n: number) {
    this.srcAddr = new Int32Array(n);
    this.srcMask = new Int32Array(n);
    this.dstAddr = new Int32Array(n);
    this.dstMask = new Int32Array(n);
    this.inSet = new Int32Array(n).fill(-1);
    this.outSet = new Int32Array(n).fill(-1);
    this.proto = new Uint8Array(n);
    this.neg = new Uint8Array(n);
    this.portProto = new Uint8Array(n);
    this.sportLo = new Uint16Array(n);
    this.sportHi = new Uint16Array(n).fill(65535);
    this.dportLo = new Uint16Array(n);
    this.dportHi = new Uint16Array(n).fill(65535);
    this.modules = new Array(n).fill(null);
    this.actions = new Array(n);
    this.packets = new Float64Array(n);
    this.bytes = new Float64Array(n);
  }
}
