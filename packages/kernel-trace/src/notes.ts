/**
 * What a replay says about the pasted text, as data: the app words each kind in the reader's language, the
 * CLI prints `noteText`. Every note names the line it is about (0: the text as a whole).
 */
/** The tool whose output the text is. */
export type TraceFormat = "nft monitor trace" | "xtables-monitor --trace";

export type TraceNote = { readonly line: number } & (
  | { readonly kind: "unreadable-line"; readonly format: TraceFormat }
  | { readonly kind: "not-a-trace-line"; readonly format: TraceFormat }
  | { readonly kind: "mixed-formats" }
  | { readonly kind: "no-packet-line"; readonly id: string }
  | { readonly kind: "packet-without-interface" }
  | { readonly kind: "packet-not-ipv4" }
  | { readonly kind: "protocol-not-simulated"; readonly proto: string }
  | { readonly kind: "family-not-simulated"; readonly family: string }
  | { readonly kind: "chain-not-in-scenario"; readonly table: string; readonly chain: string }
  | { readonly kind: "rule-not-found"; readonly table: string; readonly chain: string; readonly handle?: number }
);

/** A note in English, as `nfx replay` prints it after `FILE:LINE: `. */
export function noteText(n: TraceNote): string {
  switch (n.kind) {
    case "unreadable-line":
      return `a trace line ${n.format === "nft monitor trace" ? "nft" : "xtables-monitor"} does not print this way: left out`;
    case "not-a-trace-line":
      return `not a trace line (${n.format}): left out`;
    case "mixed-formats":
      return "the text mixes nft monitor trace and xtables-monitor lines: both are read, by trace id";
    case "no-packet-line":
      return `trace ${n.id} starts without its packet line (cut off above?): its packet is unknown`;
    case "packet-without-interface":
      return "the packet line names no interface: where the packet came from is unknown";
    case "packet-not-ipv4":
      return "the packet line shows no IPv4 addresses: it cannot be simulated";
    case "protocol-not-simulated":
      return `protocol ${n.proto}: the explorer simulates tcp, udp and icmp only`;
    case "family-not-simulated":
      return `${n.family} tables are not simulated: their events are left out`;
    case "chain-not-in-scenario":
      return `${n.table} ${n.chain} is not in the scenario's rulesets: its events are left out`;
    case "rule-not-found":
      return `rule ${n.handle === undefined ? "" : `handle ${n.handle} `}of ${n.table} ${n.chain} not found in the ruleset: ${
        n.handle === undefined
          ? "run nft -a monitor trace for handles, or paste nft -a list ruleset with the trace"
          : "paste nft -a list ruleset with the trace"
      }`;
  }
}
