import { writeFileSync } from "node:fs";
import { type Capture, captureDocument, captureHost, type HostReader, redactCapture } from "@nfx/capture";
import { encodeShareLink, MAX_LINK_LENGTH } from "@nfx/scenario";
import type { Io } from "../io";
import { jsonText } from "../printable";
import { liveReader } from "./capture-reader";

const USAGE = "usage: nfx capture [-o SCENARIO.json] [--redact] [--url]   (read-only; run with sudo for the ruleset)";
/** Where `npm start` serves the app; the fragment opens in any copy of it. */
const APP = "http://localhost:4173/";

/**
 * `nfx capture [-o FILE] [--redact] [--url]`: this host as a scenario (interfaces, routes, policy rules,
 * sysctls, listening sockets, iptables-save with counters). Reads only; sends nothing anywhere. `--url` prints a
 * link that opens it in the app instead of the JSON (the file is still written with -o). Exit 0 when everything
 * was read, 1 when something could not be (the scenario is still written).
 */
export function captureCommand(args: readonly string[], io: Io): number {
  return captureWith(liveReader(), args, io);
}

export function captureWith(reader: HostReader, args: readonly string[], io: Io): number {
  const o = args.indexOf("-o");
  const file = o >= 0 ? args[o + 1] : undefined;
  const redact = args.includes("--redact");
  const url = args.includes("--url");
  const rest = args.filter((a, i) => a !== "--redact" && a !== "--url" && i !== o && (o < 0 || i !== o + 1));
  if (rest.length || (o >= 0 && (!file || file.startsWith("-")))) {
    io.err(USAGE);
    return 2;
  }
  if (typeof process.getuid === "function" && process.getuid() !== 0)
    io.err("capture: not root: iptables-save and nft need root; the rest is read as this user (sudo reads it all)");
  const raw = captureHost(reader);
  const capture: Capture = redact ? redactCapture(raw) : raw;
  for (const u of capture.unread) io.err(`capture: could not read ${u.what}: ${u.why}; ${u.consequence}`);
  for (const w of capture.warnings) io.err(`capture: not in the scenario: ${w}`);
  const text = jsonText(captureDocument(capture.scenario));
  const h = capture.scenario.host;
  const rules = capture.scenario.ruleset.split("\n").filter((l) => /^(\[\d+:\d+\]\s*)?-A /.test(l)).length;
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  const summary = `${count(h.interfaces.length, "interface")}, ${count(h.routes.length, "route")}, ${count(h.listen.length, "listening socket")}, ${count(rules, "rule")}${redact ? ", redacted" : ""}`;
  if (file) {
    writeFileSync(file, text);
    io.err(`capture: wrote ${file} (${summary}); add packets in the app or in its "packets" list`);
  } else if (!url) {
    io.data(text);
    io.err(`capture: ${summary}`);
  }
  if (url) {
    const fragment = encodeShareLink({ scenario: capture.scenario });
    if (fragment.length > MAX_LINK_LENGTH) {
      io.err(
        `capture: the link would be ${fragment.length} characters, more than a link should carry; ${file ? `share ${file} instead` : "write the file with -o and open it in the app"}`,
      );
      return 1;
    }
    io.out(`${APP}#${fragment}`);
    io.err(
      `capture: ${file ? "" : `${summary}; `}the link carries the whole scenario in its fragment (never sent to a server)${redact ? "" : "; add --redact before sharing it"}`,
    );
  }
  return capture.unread.length ? 1 : 0;
}
