import type { Strings } from "../i18n";
import type { LayoutNode } from "./layout";

/** Accessible name of a node: table cells are exactly "<table> <HOOK>". */
export function nodeName(t: Strings, n: LayoutNode): string {
  const names = t.names;
  if (n.native) return `${n.native.family} ${n.native.table} ${n.native.chain}`;
  if (n.table && n.hook) return names.table(n.table, n.hook);
  switch (n.id) {
    case "pre.ct":
    case "out.ct":
      return names.conntrack(n.hook!);
    case "in.confirm":
    case "post.confirm":
      return names.confirm(n.hook!);
    case "rt_in":
      return names.routingIn;
    case "rt_out":
      return names.routingOut;
    case "out.reroute":
      return names.reroute;
    case "if_in":
      return names.ifIn;
    case "if_out":
      return names.ifOut;
    case "local":
      return names.local;
    case "gen":
      return names.gen;
    default:
      return names.merge;
  }
}

/** The one or two sentences shown on hover and focus. */
export function nodeHelp(t: Strings, n: LayoutNode, declared: boolean): string {
  const h = t.help;
  if (n.native) return t.nft.diagram.help(n.native.family, n.native.table, n.native.chain, n.native.priority);
  if (n.table && n.hook) {
    const base = `${h.table[n.table]} ${h.hook[n.hook]}`;
    return declared ? base : `${t.diagram.notDeclaredWhy(n.table, n.hook)} ${h.table[n.table]}`;
  }
  switch (n.id) {
    case "pre.ct":
    case "out.ct":
      return h.ctLookup;
    case "in.confirm":
    case "post.confirm":
      return h.ctConfirm;
    case "rt_in":
      return h.routingIn;
    case "rt_out":
      return h.routingOut;
    case "out.reroute":
      return h.reroute;
    case "if_in":
      return h.ifIn;
    case "if_out":
      return h.ifOut;
    case "local":
      return h.local;
    case "gen":
      return h.gen;
    default:
      return h.merge;
  }
}
