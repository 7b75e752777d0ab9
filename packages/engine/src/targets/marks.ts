import type { ConnmarkTarget, MarkTarget } from "@nfx/model";
import type { Effect } from "../compiled-chain";
import { fieldChanges, noConntrack, type TargetDefinition } from "./definition";

/** MARK: `mark = (mark & ~mask) ^ value`, the kernel form of every --set/--and/--or/--xor-mark. */
export const markDefinition: TargetDefinition<MarkTarget> = {
  action({ value, mask }) {
    return {
      k: "effect",
      apply: (skb) => {
        skb.mark = ((skb.mark & ~mask) ^ value) >>> 0;
      },
    };
  },
  needsConntrack: noConntrack,
  explain: (_target, before, after) => ({ kind: "set", changes: fieldChanges(["mark"], before, after) }),
};

/** CONNMARK: sets the connection's mark, saves the packet's mark into it, or restores the packet's from it. */
export const connmarkDefinition: TargetDefinition<ConnmarkTarget> = {
  action: (target) => ({ k: "effect", apply: connmarkEffect(target) }),
  needsConntrack: () => true,
  explain(target, before, after) {
    // Without a connection (untracked, or in raw before the lookup) the target does nothing.
    if (before.ctDirection === null) return { kind: "no-connection" };
    return { kind: "set", changes: fieldChanges([target.mode === "restore" ? "mark" : "ctMark"], before, after) };
  },
};

function connmarkEffect(target: ConnmarkTarget): Effect {
  if (target.mode === "set") {
    const { value, mask } = target;
    return (skb) => {
      if (skb.ct) skb.ct.mark = ((skb.ct.mark & ~mask) ^ value) >>> 0;
    };
  }
  const { nfmask, ctmask } = target;
  if (target.mode === "save") {
    return (skb) => {
      if (skb.ct) skb.ct.mark = ((skb.ct.mark & ~ctmask) ^ (skb.mark & nfmask)) >>> 0;
    };
  }
  return (skb) => {
    if (skb.ct) skb.mark = ((skb.mark & ~nfmask) ^ (skb.ct.mark & ctmask)) >>> 0;
  };
}
