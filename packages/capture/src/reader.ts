/**
 * What a capture reads from a host, named so that a recorded set of outputs (a fixture) can stand in for the
 * live commands: the core never runs anything itself.
 */

/** The commands a capture runs, each by its fixed argument list (see `COMMANDS`). */
export type CommandSource = "ip-addr" | "ip-route" | "ip-rule" | "ss" | "iptables-save" | "nft-ruleset" | "hostname";

/** A file under /proc/sys, by its path there: `sysctl:net/ipv4/ip_forward`. */
export type SysctlSource = `sysctl:${string}`;

export type Source = CommandSource | SysctlSource;

/** The exact command line behind each command source, for messages and for the live reader. */
export const COMMANDS: Readonly<Record<CommandSource, readonly string[]>> = {
  "ip-addr": ["ip", "-j", "addr", "show"],
  "ip-route": ["ip", "-j", "-4", "route", "show", "table", "all"],
  "ip-rule": ["ip", "-j", "-4", "rule", "show"],
  ss: ["ss", "-H", "-l", "-n", "-t", "-u"],
  "iptables-save": ["iptables-save", "-c"],
  // With handles: a kernel trace names rules by handle.
  "nft-ruleset": ["nft", "-a", "list", "ruleset"],
  hostname: ["uname", "-n"],
};

/**
 * One thing read: its text, or why it could not be read (in the tool's own words). `absent`: the thing does not
 * exist here (a sysctl of a module not loaded, a tool not installed), which can be a normal state of a host.
 */
export type Reading =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly why: string; readonly absent?: boolean };

/** Reads the host. The live reader runs the commands; a fixture reader answers from recorded outputs. */
export interface HostReader {
  read(source: Source): Reading;
}

/** A recorded capture: every source read, with its reading. The fixture format of the tests. */
export type RecordedReadings = Readonly<Record<string, Reading>>;

/** A reader that answers from recorded readings; a source never recorded reads as missing. */
export function recordedReader(readings: RecordedReadings): HostReader {
  return {
    read: (source) => readings[source] ?? { ok: false, why: "not in the recording" },
  };
}

/** Wraps a reader so that every reading is also kept, to save as a fixture. */
export function recordingReader(inner: HostReader): { reader: HostReader; readings: Record<string, Reading> } {
  const readings: Record<string, Reading> = {};
  return {
    readings,
    reader: {
      read: (source) => {
        const r = inner.read(source);
        readings[source] = r;
        return r;
      },
    },
  };
}

/** The sysctl source for a dotted name (`net.ipv4.ip_forward`); interface names keep their dots. */
export function sysctl(...path: string[]): SysctlSource {
  return `sysctl:${path.join("/")}`;
}
