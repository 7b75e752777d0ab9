import type { MasqueradeTarget, NatTarget, RedirectTarget } from "@nfx/model";
import type { TargetDefinition } from "./definition";

/**
 * DNAT, SNAT, MASQUERADE, REDIRECT: the target sets up the connection's binding (nat/binding.ts, through the
 * target host interface) and ends the nat chain with ACCEPT; the `nat` step after it shows the rewrite.
 */
function natDefinition<T extends NatTarget | MasqueradeTarget | RedirectTarget>(): TargetDefinition<T> {
  return {
    action: (target) => ({ k: "nat", target }),
    // A binding lives on the connection: NAT needs conntrack.
    needsConntrack: () => true,
    explain: (target) => ({ kind: "nat", manip: target.kind }),
  };
}

export const natTargetDefinition = natDefinition<NatTarget>();
export const masqueradeDefinition = natDefinition<MasqueradeTarget>();
export const redirectDefinition = natDefinition<RedirectTarget>();
