import { writeFileSync } from "node:fs";
import { type Capture, captureHost, type HostReader, redactCapture } from "@nfx/capture";
import { liveReader } from "./capture-reader";

type Out = (s: string) => void;

const USAGE = "usage: nfx capture [-o SCENARIO.json] [--redact]   (read-only; run with sudo for the ruleset)";

/**
 * `nfx capture [-o FILE] [--redact]`: this host as a scenario (interfaces, routes, policy rules, sysctls,
 * listening sockets, iptables-save with counters). Reads only; sends nothing anywhere. Exit 0 when everything
 * was read, 1 when something could not be (the scenario is still written).
 */
export function captureCommand(args: readonly string[], out: Out, err: Out): number {
  return captureWith(liveReader(), args, out, err);
}

export function captureWith(reader: HostReader, args: readonly string[], out: Out, err: Out): number {
  const o = args.indexOf("-o");
  const file = o >= 0 ? args[o + 1] : undefined;
  const redact = args.includes("--redact");
  const rest = args.filter((a, i) => a !== "--redact" && i !== o && (o < 0 || i !== o + 1));
  if (rest.length || (o >= 0 && (!file || file.startsWith("-")))) {
    err(USAGE);
    return 2;
  }
  if (typeof process.getuid === "function" && process.getuid() !== 0)
    err("capture: not root: iptables-save and nft need root; the rest is read as this user (sudo reads it all)");
  const raw = captureHost(reader);
  const capture: Capture = redact ? redactCapture(raw) : raw;
  for (const u of capture.unread) err(`capture: could not read ${u.what}: ${u.why}; ${u.consequence}`);
  for (const w of capture.warnings) err(`capture: not in the scenario: ${w}`);
  const text = `${JSON.stringify(capture.scenario, null, 2)}\n`;
  const h = capture.scenario.host;
  const rules = capture.scenario.ruleset.split("\n").filter((l) => /^(\[\d+:\d+\]\s*)?-A /.test(l)).length;
  const summary = `${h.interfaces.length} interfaces, ${h.routes.length} routes, ${h.listen.length} listening sockets, ${rules} rules${redact ? ", redacted" : ""}`;
  if (file) {
    writeFileSync(file, text);
    err(`capture: wrote ${file} (${summary}); add packets in the app or in its "packets" list`);
  } else {
    out(text);
    err(`capture: ${summary}`);
  }
  return capture.unread.length ? 1 : 0;
}
