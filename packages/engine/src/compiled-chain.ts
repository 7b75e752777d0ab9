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
  /**
   * What this simulation made of the rules it reached, by position: a simulation of a 44,000-rule chain that
   * reaches two of its rules keeps two entries, not arrays as long as the chain.
   */
  private readonly modules = new Map<number, Predicate[] | null>();
  private readonly actions = new Map<number, Action>();
  /** Packets and bytes of each rule that counted something. */
  private readonly counts = new Map<number, { packets: number; bytes: number }>();

  constructor(
    readonly table: TableName,
    readonly name: string,
    readonly policy: Policy | null,
    private readonly source: Chain,
    readonly layout: ChainLayout,
    private readonly compiler: RuleCompiler,
  ) {}

  get n(): number {
    return this.layout.n;
  }

  get rules(): readonly Rule[] {
    return this.source.rules;
  }

  get isBase(): boolean {
    return this.policy !== null;
  }

  /** Rule i's module predicates (null: none), compiled the first time the rule's header passes. */
  modulesOf(i: number): Predicate[] | null {
    let mods = this.modules.get(i);
    if (mods === undefined) {
      mods = this.compiler.modules(this, i, this.source.rules[i]!, this.layout.inlinePorts[i] ?? null);
      this.modules.set(i, mods);
    }
    return mods;
  }

  action(j: number): Action {
    let a = this.actions.get(j);
    if (a === undefined) {
      a = this.compiler.action(this, this.source.rules[j]!);
      this.actions.set(j, a);
    }
    return a;
  }

  count(j: number, bytes: number): void {
    const c = this.counts.get(j);
    if (c) {
      c.packets += 1;
      c.bytes += bytes;
    } else this.counts.set(j, { packets: 1, bytes });
  }

  /** The positions (0-based) of the rules that counted something, in order. */
  countedRules(): number[] {
    return [...this.counts.keys()].sort((a, b) => a - b);
  }

  packets(j: number): number {
    return this.counts.get(j)?.packets ?? 0;
  }

  bytes(j: number): number {
    return this.counts.get(j)?.bytes ?? 0;
  }
}
