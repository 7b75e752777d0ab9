import type { RulesetSource } from "../state/ruleset";
import type { AppStore } from "../state/store";

/** A lesson edits text on the page; a ruleset held in the worker (a node's dump) is not a lesson's. */
const textOf = (r: RulesetSource | undefined): string => (typeof r === "string" ? r : "");

import type { LessonAction } from "./lessons";

/**
 * Whether a step's action can run on the scenario as it is now (an edit needs its text still there, a sysctl
 * step a value still different).
 */
export function canRun(store: AppStore, action: LessonAction): boolean {
  const s = store.getState();
  if (action.kind === "edit") return textOf(s.scenario[action.text]).includes(action.find);
  if (action.kind === "sysctl") return s.scenario.host.sysctl?.[action.name] !== action.value;
  if (action.kind === "play") return action.packet >= 1 && action.packet <= s.scenario.packets.length;
  return true;
}

/** Does what a guided step says: play a packet, show a chain, change the ruleset or a host sysctl. */
export function runAction(store: AppStore, action: LessonAction): void {
  const s = store.getState();
  switch (action.kind) {
    case "play":
      s.playPacket(action.packet);
      return;
    case "look":
      s.select({ table: action.table, chain: action.chain, hook: action.hook });
      return;
    case "edit": {
      const text = textOf(s.scenario[action.text]);
      if (!text.includes(action.find)) return;
      const next = text.replace(action.find, action.replace);
      if (action.text === "nftables") s.setNftables(next, action.replay);
      else s.setRuleset(next, action.replay);
      return;
    }
    case "sysctl":
      s.setSysctl(action.name, action.value, action.replay);
      return;
  }
}
