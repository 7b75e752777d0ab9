import type { RejectTarget, Target, UnsupportedTarget } from "@nfx/model";
import { noConntrack, type TargetDefinition } from "./definition";

type Plain<K extends "ACCEPT" | "DROP" | "RETURN"> = Extract<Target, { kind: K }>;

/** ACCEPT: the packet leaves this hook's table accepted. */
export const acceptDefinition: TargetDefinition<Plain<"ACCEPT">> = {
  action: () => ({ k: "accept" }),
  needsConntrack: noConntrack,
  explain: () => ({ kind: "accept" }),
};

/** DROP: the packet is gone, nothing is sent back. */
export const dropDefinition: TargetDefinition<Plain<"DROP">> = {
  action: () => ({ k: "drop" }),
  needsConntrack: noConntrack,
  explain: () => ({ kind: "drop" }),
};

/** RETURN: back to the calling chain, after the rule that jumped; in a base chain, the policy. */
export const returnDefinition: TargetDefinition<Plain<"RETURN">> = {
  action: () => ({ k: "return" }),
  needsConntrack: noConntrack,
  explain: () => ({ kind: "return" }),
};

/** A jump or goto to a user chain; a chain the ruleset lacks is refused by the parser, so this only guards. */
function chainTarget(kind: "jump" | "goto"): TargetDefinition<Extract<Target, { kind: "jump" | "goto" }>> {
  return {
    action(target, chains) {
      const chain = chains.get(target.chain);
      if (!chain) return { k: "unsupported", name: target.chain };
      return kind === "jump" ? { k: "jump", chain } : { k: "goto", chain };
    },
    needsConntrack: noConntrack,
    explain: (target) =>
      kind === "jump" ? { kind: "jump", chain: target.chain } : { kind: "goto", chain: target.chain },
  };
}

/** A jump: the user chain runs, and a RETURN (or its end) comes back after this rule. */
export const jumpDefinition = chainTarget("jump");

/** A goto (`-g`): the user chain runs and its end returns to whoever called this chain, not here. */
export const gotoDefinition = chainTarget("goto");

/** REJECT: drops, and the host answers (a RST or an ICMP error) through the target host interface. */
export const rejectDefinition: TargetDefinition<RejectTarget> = {
  action: (target) => ({ k: "reject", with: target.with }),
  needsConntrack: noConntrack,
  explain: (target) => ({ kind: "reject", with: target.with }),
};

/** A target the simulator does not model: a warning, and the rule acts as CONTINUE. */
export const unsupportedDefinition: TargetDefinition<UnsupportedTarget> = {
  action: (target) => ({ k: "unsupported", name: target.name }),
  needsConntrack: noConntrack,
  explain: (target) => ({ kind: "unsupported", name: target.name }),
};
