import type { Target } from "@nfx/model";
import type { TargetModule } from "../modules";
import { TARGET_MODULE_BY_KIND } from "../targets/registry";
import { quoteArg } from "./quote";

/** The `-j ...`/`-g ...` part of a rule as iptables-save prints it, with a leading space; each module prints its own. */
export function formatTarget(t: Target): string {
  switch (t.kind) {
    case "jump":
      return ` -j ${t.chain}`;
    case "goto":
      return ` -g ${t.chain}`;
    case "unsupported":
      return ` -j ${t.name}${t.args.map((a) => ` ${quoteArg(a)}`).join("")}`;
    default:
      // The table is keyed by kind, so this module prints this very target; TypeScript cannot see that.
      return (TARGET_MODULE_BY_KIND[t.kind] as TargetModule).print(t);
  }
}
