import type { Policy, RejectWith, Rule, TableName, Target } from "@nfx/model";
import type { EvalEnv } from "./env";
import type { Predicate } from "./matches";
import type { Skb } from "./skb";

/** A target that changes the packet or logs it and lets it go on (the kernel's XT_CONTINUE). */
export type Effect = (skb: Skb, env: EvalEnv) => void;

/** What a matching rule does, decided at compile time so the rule loop only switches on a tag. */
export type Action =
  | { readonly k: "accept" }
  | { readonly k: "drop" }
  | { readonly k: "return" }
  | { readonly k: "jump"; readonly chain: CompiledChain }
  | { readonly k: "goto"; readonly chain: CompiledChain }
  | { readonly k: "reject"; readonly with: RejectWith }
  | { readonly k: "nat"; readonly target: Extract<Target, { kind: "DNAT" | "SNAT" | "MASQUERADE" | "REDIRECT" }> }
  | { readonly k: "effect"; readonly apply: Effect }
  | { readonly k: "continue" }
  | { readonly k: "unsupported"; readonly name: string };

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

/**
 * A chain laid out flat: its rules are a window (`offset`, `n`) of the ruleset's RuleBlob, so the rule loop
 * walks contiguous memory the way the kernel walks its blob, and only the rules that pass run their modules.
 * It lives beside RuleBlob because the two refer to each other (a jump's Action names its chain).
 */
export class CompiledChain {
  policyPackets = 0;
  policyBytes = 0;

  constructor(
    readonly table: TableName,
    readonly name: string,
    readonly policy: Policy | null,
    readonly rules: readonly Rule[],
    /** The ruleset's rule arrays; this chain's rules are `offset .. offset + n - 1` in them. */
    readonly blob: RuleBlob,
    readonly offset: number,
  ) {}

  get n(): number {
    return this.rules.length;
  }

  get isBase(): boolean {
    return this.policy !== null;
  }

  action(j: number): Action {
    return this.blob.actions[this.offset + j]!;
  }

  count(j: number, bytes: number): void {
    this.blob.packets[this.offset + j]! += 1;
    this.blob.bytes[this.offset + j]! += bytes;
  }

  packets(j: number): number {
    return this.blob.packets[this.offset + j]!;
  }

  bytes(j: number): number {
    return this.blob.bytes[this.offset + j]!;
  }
}
