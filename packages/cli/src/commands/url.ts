import { decodeShareLink, encodeShareLink, MAX_LINK_LENGTH } from "@nfx/scenario";
import type { Io } from "../io";
import { runScenarioFile } from "../load";
import { jsonText } from "../printable";

/**
 * `nfx url SCENARIO.json` prints the share link's fragment; `nfx url --decode FRAGMENT` prints the scenario
 * it carries, or why it cannot be opened (exit 1), so links can be made and checked from scripts.
 */
export function urlCommand(args: readonly string[], io: Io): number {
  if (args[0] === "--decode") {
    if (args.length !== 2) {
      io.err("usage: nfx url --decode FRAGMENT");
      return 2;
    }
    const r = decodeShareLink(args[1]!.replace(/^.*#/, ""));
    if (!r.ok) {
      io.err(`nfx: ${r.error.message} [${r.error.code}]`);
      return 1;
    }
    io.data(jsonText(r.value.scenario));
    if (r.value.view) io.err(`playback at packet ${r.value.view.packet + 1}, step ${r.value.view.step + 1}`);
    return 0;
  }
  if (args.length !== 1) {
    io.err("usage: nfx url SCENARIO.json | nfx url --decode FRAGMENT");
    return 2;
  }
  const { scenario } = runScenarioFile(io, args[0]!);
  const link = encodeShareLink({ scenario });
  if (link.length > MAX_LINK_LENGTH) {
    io.err(`nfx: the link would be ${link.length} characters, more than a link should carry; share the file instead`);
    return 1;
  }
  io.out(link);
  return 0;
}
