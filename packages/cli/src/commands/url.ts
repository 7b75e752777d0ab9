import { decodeShareLink, encodeShareLink, MAX_LINK_LENGTH } from "@nfx/scenario";
import { loadScenario } from "../load";

/**
 * `nfx url SCENARIO.json` prints the share link's fragment; `nfx url --decode FRAGMENT` prints the scenario
 * it carries, or why it cannot be opened (exit 1), so links can be made and checked from scripts.
 */
export function urlCommand(args: readonly string[], out: (s: string) => void, err: (s: string) => void): number {
  if (args[0] === "--decode") {
    if (args.length !== 2) {
      err("usage: nfx url --decode FRAGMENT");
      return 2;
    }
    const r = decodeShareLink(args[1]!.replace(/^.*#/, ""));
    if (!r.ok) {
      err(`nfx: ${r.error.message} [${r.error.code}]`);
      return 1;
    }
    out(`${JSON.stringify(r.value.scenario, null, 2)}\n`);
    if (r.value.view) err(`playback at packet ${r.value.view.packet + 1}, step ${r.value.view.step + 1}`);
    return 0;
  }
  if (args.length !== 1) {
    err("usage: nfx url SCENARIO.json | nfx url --decode FRAGMENT");
    return 2;
  }
  const { scenario } = loadScenario(args[0]!);
  const link = encodeShareLink({ scenario });
  if (link.length > MAX_LINK_LENGTH) {
    err(`nfx: the link would be ${link.length} characters, more than a link should carry; share the file instead`);
    return 1;
  }
  out(`${link}\n`);
  return 0;
}
