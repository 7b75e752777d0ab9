import type { HookName } from "@nfx/model";
import { findMatch, type InterfaceIndex, interfaceBit } from "./compile";
import type { Action, CompiledChain } from "./compiled-chain";
import type { EvalEnv } from "./env";
import type { OutcomeRecorder } from "./outcome";
import type { Skb } from "./skb";

/**
 * What the rule loop cannot do alone: targets that make the host send a reply (REJECT) or set up NAT. The
 * reply travels as a packet of its own, from inside the traversal `t` that rejected.
 */
export interface TargetHost {
  reject(skb: Skb, action: Extract<Action, { k: "reject" }>, t: Traversal): void;
  /** Sets up the connection's NAT binding at `hook`; false when no tuple is free (the packet is dropped). */
  nat(skb: Skb, action: Extract<Action, { k: "nat" }>, hook: HookName): boolean;
}

/**
 * One packet in flight through the host, passed down every call of its path: a scenario packet, or a reply
 * the host sends while another packet is on its way (its own recorder, one level deeper).
 */
export interface Traversal {
  readonly rec: OutcomeRecorder;
  readonly env: EvalEnv;
  readonly targets: TargetHost;
  /** The scenario packet (1-based) this traversal belongs to: the packet itself or the one that caused the reply. */
  readonly packet: number;
  /** 0 for a scenario packet, 1 for a reply to it, 2 for a reply sent while that reply was in flight... */
  readonly depth: number;
}

/** nft's NFT_JUMP_STACK_SIZE: iptables-nft refuses rulesets that nest deeper, so this only guards the loop. */
const MAX_DEPTH = 16;

/** A base chain run at a hook: the table (the chain's) and the hook travel with it, never in shared state. */
interface ChainRun {
  readonly chain: CompiledChain;
  readonly hook: HookName;
  /** The hook's output device, fixed when the hook starts (it stays stale after a reroute in OUTPUT). */
  readonly hookOut: string | null;
  /**
   * Native rules `nft -f` appended to this base chain: run when the packet falls off iptables' own rules, before
   * the policy (null: they did not decide either).
   */
  readonly appended?: (skb: Skb, t: Traversal) => "ACCEPT" | "DROP" | null;
}

/**
 * Runs a packet through one base chain and the user chains it jumps to, as `nft_do_chain` does: JUMP pushes
 * a return point, GOTO does not, RETURN or falling off a user chain pops, and an empty stack means the policy.
 */
export function runBaseChain(run: ChainRun, skb: Skb, t: Traversal, ifaces: InterfaceIndex): "ACCEPT" | "DROP" {
  const { chain: base, hook } = run;
  const { rec, env } = t;
  const table = base.table;
  rec.chain(table, hook, skb, env.routing);
  const inBit = interfaceBit(ifaces, skb.inIface);
  const outBit = interfaceBit(ifaces, run.hookOut);
  const stack: { chain: CompiledChain; next: number }[] = [];
  let chain = base;
  let i = 0;
  for (;;) {
    const j = findMatch(chain, i, skb, env, inBit, outBit);
    if (j >= chain.n) {
      const frame = stack.pop();
      if (frame) {
        chain = frame.chain;
        i = frame.next;
        continue;
      }
      if (chain === base && run.appended) {
        const v = run.appended(skb, t);
        if (v) return v;
        // The policy line explains iptables' rules passed; the appended native ones are not in its table.
        return policy(base, hook, skb, rec, i + 1);
      }
      // After a goto'd chain fell off or a RETURN in the base chain, no base rule was passed since the last step.
      return policy(base, hook, skb, rec, chain === base ? i + 1 : base.n + 1);
    }
    const missedFrom = i + 1;
    chain.count(j, skb.length);
    const action = chain.action(j);
    const note = (verdict: Parameters<OutcomeRecorder["rule"]>[4]) =>
      rec.rule(table, hook, chain.name, j + 1, verdict, missedFrom);
    switch (action.k) {
      case "accept":
        note("ACCEPT");
        return "ACCEPT";
      case "drop":
        note("DROP");
        return "DROP";
      case "return": {
        note("RETURN");
        const frame = stack.pop();
        if (!frame) return policy(base, hook, skb, rec, base.n + 1);
        chain = frame.chain;
        i = frame.next;
        continue;
      }
      case "jump":
        note(`JUMP:${action.chain.name}`);
        if (stack.length >= MAX_DEPTH) {
          rec.warn(`jumps nest deeper than ${MAX_DEPTH} chains at ${chain.name}; the kernel refuses such a ruleset`);
          return "DROP";
        }
        stack.push({ chain, next: j + 1 });
        chain = action.chain;
        i = 0;
        continue;
      case "goto":
        note(`GOTO:${action.chain.name}`);
        chain = action.chain;
        i = 0;
        continue;
      case "reject":
        // The answer is sent from inside the target, so its whole trace comes before this rule's DROP line.
        t.targets.reject(skb, action, t);
        note("DROP");
        return "DROP";
      case "nat": {
        const ok = t.targets.nat(skb, action, hook);
        note("ACCEPT");
        return ok ? "ACCEPT" : "DROP";
      }
      case "effect":
        action.apply(skb, env);
        // The rules after this one see the changed packet; explanations need it as they saw it.
        rec.rule(table, hook, chain.name, j + 1, "CONTINUE", missedFrom, { skb, routing: env.routing });
        i = j + 1;
        continue;
      case "continue":
        note("CONTINUE");
        i = j + 1;
        continue;
      case "unsupported":
        rec.warn(`target ${action.name} is not modelled by the simulator; it was treated as CONTINUE`);
        note("CONTINUE");
        i = j + 1;
        continue;
    }
  }
}

function policy(
  base: CompiledChain,
  hook: HookName,
  skb: Skb,
  rec: OutcomeRecorder,
  missedFrom: number,
): "ACCEPT" | "DROP" {
  const verdict = base.policy ?? "ACCEPT";
  base.policyPackets += 1;
  base.policyBytes += skb.length;
  rec.policy(base.table, hook, verdict, missedFrom);
  return verdict;
}
