import type { CtTarget, Target } from "@nfx/model";
import type { PacketSnapshot } from "../result";
import type { Skb } from "../skb";
import { type FieldChange, fieldChanges, noConntrack, type TargetDefinition } from "./definition";

/** NOTRACK / `CT --notrack`: a packet that already has a connection keeps it ("previously seen"). */
function untrack(skb: Skb): void {
  if (skb.ctDone) return;
  skb.ctDone = true;
  skb.ct = null;
  skb.ctinfo = "UNTRACKED";
}

const untracked = (before: PacketSnapshot, after: PacketSnapshot): { kind: "untrack"; changes: FieldChange[] } => ({
  kind: "untrack",
  changes: fieldChanges(["ctinfo"], before, after),
});

/** NOTRACK: conntrack will leave the packet alone (raw only, before the lookup). */
export const notrackDefinition: TargetDefinition<Extract<Target, { kind: "NOTRACK" }>> = {
  action: () => ({ k: "effect", apply: untrack }),
  needsConntrack: noConntrack,
  explain: (_target, before, after) => untracked(before, after),
};

/** CT: `--notrack` as NOTRACK; `--zone` puts the packet in a conntrack zone; its other options are kept, not modelled. */
export const ctDefinition: TargetDefinition<CtTarget> = {
  action({ notrack, zone }) {
    if (notrack) return { k: "effect", apply: untrack };
    return {
      k: "effect",
      apply: (skb) => {
        if (!skb.ctDone && zone !== undefined) skb.zone = zone;
      },
    };
  },
  needsConntrack: (target) => !target.notrack,
  explain: (target, before, after) =>
    target.notrack ? untracked(before, after) : { kind: "zone", zone: target.zone ?? null },
};
