import type { Chain, Policy, RejectWith, Rule, TableName, Target } from "@nfx/model";
import type { ChainLayout } from "./chain-layout";
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

/** How a simulation compiles what a layout cannot share: a rule's modules and its target, with their state. */
export interface RuleCompiler {
  /** The rule's module predicates, without the port match the layout holds (`inline`); null when none test. */
  modules(chain: CompiledChain, i: number, rule: Rule, inline: Rule["matches"][number] | null): Predicate[] | null;
  action(chain: CompiledChain, rule: Rule): Action;
}

/**
 * A chain as one simulation runs it: the shared header layout (chain-layout.ts), and what belongs to this
 * simulation alone, made the first time a rule needs it: module predicates (they keep rule state such as nth
 * counters and token buckets, fresh for each simulation), targets, and counters.
 */
export class CompiledChain {
  policyPackets = 0;
  policyBytes = 0;
  /** Per rule: undefined until the rule's header first passes, then its predicates (null: none). */
  readonly modules: (Predicate[] | null | undefined)[];
  private readonly actions: (Action | undefined)[];
  /** Packets of rule j at 2j, bytes at 2j + 1. */
  private readonly counts: Float64Array;
  /** The rules that counted a packet, in the order they first did (counters read these, not all n). */
  private readonly hit: number[] = [];

  constructor(
    readonly table: TableName,
    readonly name: string,
    readonly policy: Policy | null,
    private readonly source: Chain,
    readonly layout: ChainLayout,
    private readonly compiler: RuleCompiler,
  ) {
    this.modules = new Array(layout.n);
    this.actions = new Array(layout.n);
    this.counts = new Float64Array(layout.n * 2);
  }

  get n(): number {
    return this.layout.n;
  }

  get rules(): readonly Rule[] {
    return this.source.rules;
  }

  get isBase(): boolean {
    return this.policy !== null;
  }

  /** Rule i's module predicates, compiled on first use (the rule loop calls this once per rule and simulation). */
  compileModules(i: number): Predicate[] | null {
    const mods = this.compiler.modules(this, i, this.source.rules[i]!, this.layout.inlinePorts[i] ?? null);
    this.modules[i] = mods;
    return mods;
  }

  action(j: number): Action {
    let a = this.actions[j];
    if (a === undefined) {
      a = this.compiler.action(this, this.source.rules[j]!);
      this.actions[j] = a;
    }
    return a;
  }

  count(j: number, bytes: number): void {
    if (this.counts[2 * j] === 0) this.hit.push(j);
    this.counts[2 * j]! += 1;
    this.counts[2 * j + 1]! += bytes;
  }

  /** The positions (0-based) of the rules that counted something, in order. */
  countedRules(): number[] {
    return [...this.hit].sort((a, b) => a - b);
  }

  packets(j: number): number {
    return this.counts[2 * j]!;
  }

  bytes(j: number): number {
    return this.counts[2 * j + 1]!;
  }
}
