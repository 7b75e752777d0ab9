import type { Match } from "@nfx/model";
import { MATCH_MODULE_BY_NAME } from "../matches/registry";
import type { MatchModule } from "../modules";
import { quoteArg } from "./quote";

/** One match as iptables-save prints it, with a leading space: ` -m tcp --dport 22`; each module prints its own. */
export function formatMatch(m: Match): string {
  if (m.module === "unsupported") return ` -m ${m.name}${m.args.map((a) => ` ${quoteArg(a)}`).join("")}`;
  // The table is keyed by module, so this module prints this very match; TypeScript cannot see that.
  return (MATCH_MODULE_BY_NAME[m.module] as MatchModule).print(m);
}
