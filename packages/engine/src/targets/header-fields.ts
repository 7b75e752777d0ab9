import type { DscpTarget, TosTarget, TtlTarget } from "@nfx/model";
import { fieldChanges, noConntrack, type TargetDefinition } from "./definition";

/** TOS: `tos = (tos & ~mask) ^ value`, the kernel form of every --set/--and/--or/--xor-tos. */
export const tosDefinition: TargetDefinition<TosTarget> = {
  action({ value, mask }) {
    return {
      k: "effect",
      apply: (skb) => {
        skb.tos = ((skb.tos & ~mask) ^ value) & 0xff;
      },
    };
  },
  needsConntrack: noConntrack,
  explain: (_target, before, after) => ({ kind: "set", changes: fieldChanges(["tos"], before, after) }),
};

/** DSCP: the upper six bits of the TOS byte; the two ECN bits stay. */
export const dscpDefinition: TargetDefinition<DscpTarget> = {
  action({ dscp }) {
    return {
      k: "effect",
      apply: (skb) => {
        skb.tos = (skb.tos & 0x03) | (dscp << 2);
      },
    };
  },
  needsConntrack: noConntrack,
  explain: (_target, before, after) => ({ kind: "set", changes: fieldChanges(["tos"], before, after) }),
};

/** TTL: set, or raised or lowered and kept within 0..255. */
export const ttlDefinition: TargetDefinition<TtlTarget> = {
  action({ op, value }) {
    return {
      k: "effect",
      apply: (skb) => {
        skb.ttl = op === "set" ? value : op === "inc" ? Math.min(255, skb.ttl + value) : Math.max(0, skb.ttl - value);
      },
    };
  },
  needsConntrack: noConntrack,
  explain: (_target, before, after) => ({ kind: "set", changes: fieldChanges(["ttl"], before, after) }),
};
