import type { HookName } from "@nfx/model";
import type { NativeChainId, TraceVerdict } from "../result";
import type { Skb } from "../skb";
import type { Traversal } from "../traverse";
import { monitorPacket, monitorPolicy, monitorRule } from "./monitor";
import type { NftChain, NftRule, NftVerdict, RunCtx } from "./program";

/** nft's NFT_JUMP_STACK_SIZE: the kernel refuses rulesets that nest deeper, so this only guards the loop. */
const MAX_DEPTH = 16;

const idOf = (c: NftChain): NativeChainId => ({ family: c.family, table: c.table, chain: c.name });

/** Runs every step of a rule in order; false at the first that breaks (a test fails, a data map misses). */
function passes(rule: NftRule, skb: Skb, c: RunCtx): boolean {
  const ops = rule.ops;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    if (op.k === "test" ? !op.cond.test(skb, c) : !op.run(skb, c)) return false;
  }
  return true;
}

/**
 * Runs a packet through one native base chain and the regular chains it jumps to, as `nft_do_chain()` does:
 * rules in order, each a sequence of expressions that stops at the first break; jump pushes a return point,
 * goto does not; return, or falling off a regular chain, pops; an empty stack means the base chain's policy
 * (N5). An accept ends this base chain only: the hook goes on to the next one (N1).
 */
export function runNftBaseChain(
  base: NftChain,
  hook: HookName,
  hookOut: string | null,
  skb: Skb,
  t: Traversal,
): "ACCEPT" | "DROP" {
  t.rec.nftChain(idOf(base), hook, skb, t.env.routing, monitorPacket(idOf(base), skb, hookOut));
  return runChain(base, hook, hookOut, skb, t, null) ?? "ACCEPT";
}

/**
 * The native rules `nft -f` appended to an iptables-nft base chain (`table ip filter { chain INPUT { ... } }`
 * after iptables-restore): they run after iptables' `offset` rules, numbered after them; null when the packet
 * falls off them too, for iptables' policy.
 */
export function runAppendedRules(
  chain: NftChain,
  offset: number,
  hook: HookName,
  hookOut: string | null,
  skb: Skb,
  t: Traversal,
): "ACCEPT" | "DROP" | null {
  return runChain(chain, hook, hookOut, skb, t, offset);
}

/** The rule loop; `appendedAfter` null: a native base chain with its policy; a number: rules after iptables'. */
function runChain(
  base: NftChain,
  hook: HookName,
  hookOut: string | null,
  skb: Skb,
  t: Traversal,
  appendedAfter: number | null,
): "ACCEPT" | "DROP" | null {
  const { rec, env } = t;
  const c: RunCtx = { env, hook, hookOut, routing: env.routing };
  const stack: { chain: NftChain; next: number }[] = [];
  let chain = base;
  let i = 0;
  let missedFrom = 1;
  const policy = (): "ACCEPT" | "DROP" | null => {
    if (appendedAfter !== null) return null;
    const verdict = base.base?.policy === "drop" ? "DROP" : "ACCEPT";
    base.policyPackets += 1;
    base.policyBytes += skb.length;
    // A regular chain fell off or returned: no rule of the base chain was passed since the last line.
    const from = chain === base ? missedFrom : base.rules.length + 1;
    rec.nftPolicy(idOf(base), hook, verdict, from, monitorPolicy(idOf(base), verdict));
    return verdict;
  };
  for (;;) {
    if (i >= chain.rules.length) {
      const frame = stack.pop();
      if (!frame) return policy();
      chain = frame.chain;
      i = frame.next;
      missedFrom = i + 1;
      continue;
    }
    const rule = chain.rules[i]!;
    const before = skb.mark;
    if (!passes(rule, skb, c)) {
      i += 1;
      continue;
    }
    const term = rule.terminal;
    let v: NftVerdict;
    switch (term.k) {
      case "none":
        v = { k: "continue" };
        break;
      case "verdict":
        v = term.v;
        break;
      case "vmap": {
        const key = term.key(skb, c);
        const hit = key === null ? undefined : term.map.get(key);
        if (!hit) {
          // A verdict map without the key does not match (N6): no line, the next rule.
          i += 1;
          continue;
        }
        v = hit;
        break;
      }
      case "reject": {
        count(rule, skb);
        // The answer is sent from inside the statement, so its whole trace comes before this rule's line.
        t.targets.reject(skb, { k: "reject", with: term.with }, t);
        note(chain, i, "DROP");
        return "DROP";
      }
      case "nat": {
        const target = term.target(skb, c);
        if (!target) {
          i += 1;
          continue;
        }
        count(rule, skb);
        const ok = t.targets.nat(skb, { k: "nat", target }, hook);
        note(chain, i, ok ? "ACCEPT" : "DROP");
        return ok ? "ACCEPT" : "DROP";
      }
    }
    count(rule, skb);
    switch (v.k) {
      case "accept":
        note(chain, i, "ACCEPT");
        return "ACCEPT";
      case "drop":
        note(chain, i, "DROP");
        return "DROP";
      case "queue":
        // No program listens on the queue in a simulation: the kernel drops the packet.
        note(chain, i, "QUEUE");
        rec.warn("queue: no program listens on the queue, so the kernel drops the packet");
        return "DROP";
      case "continue":
        note(chain, i, "CONTINUE", skb.mark !== before || rule.ops.some((o) => o.k === "effect"));
        i += 1;
        missedFrom = i + 1;
        continue;
      case "return": {
        note(chain, i, "RETURN");
        const frame = stack.pop();
        if (!frame) {
          chain = base;
          i = base.rules.length;
          return policyAfterReturn();
        }
        chain = frame.chain;
        i = frame.next;
        missedFrom = i + 1;
        continue;
      }
      case "jump":
        note(chain, i, `JUMP:${v.chain.name}`);
        if (stack.length >= MAX_DEPTH) {
          rec.warn(`jumps nest deeper than ${MAX_DEPTH} chains at ${chain.name}; the kernel refuses such a ruleset`);
          return "DROP";
        }
        stack.push({ chain, next: i + 1 });
        chain = v.chain;
        i = 0;
        missedFrom = 1;
        continue;
      case "goto":
        note(chain, i, `GOTO:${v.chain.name}`);
        chain = v.chain;
        i = 0;
        missedFrom = 1;
        continue;
    }
  }

  /** `return` in the base chain itself: the policy, with no rule passed since. */
  function policyAfterReturn(): "ACCEPT" | "DROP" | null {
    missedFrom = base.rules.length + 1;
    return policy();
  }

  function count(rule: NftRule, s: Skb): void {
    rule.packets += 1;
    rule.bytes += s.length;
  }

  function note(at: NftChain, index: number, verdict: TraceVerdict, changed = false): void {
    const rule = at.rules[index]!;
    const id = idOf(at);
    // Appended to iptables' chain, a rule's position counts iptables' rules before it.
    const shift = at === base && appendedAfter !== null ? appendedAfter : 0;
    rec.nftRule(
      id,
      hook,
      { index: index + 1 + shift, native: index + 1, handle: rule.source.handle },
      verdict,
      (at === chain ? missedFrom : 1) + shift,
      monitorRule(id, rule.text, verdict),
      changed ? { skb, routing: env.routing } : undefined,
    );
  }
}
