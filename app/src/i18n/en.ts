import type {
  ConditionCode,
  ConntrackAction,
  Fate,
  FieldChange,
  ResponseOrigin,
  RoutingDecision,
  StateAnswer,
  TargetEffect,
  TargetEffectKind,
} from "@nfx/engine";
import type { HookName, TableName } from "@nfx/model";
import type { TargetCheck } from "@nfx/ruleset-edit";
import { nftEn } from "./nft.en";
import { plainEn } from "./plain.en";

/** What a sentence about one condition may use: the operands, and whether the test held before any `!`. */

/**
 * A count in this language's digits, through one formatter: the open progress is worded ten times a second,
 * and `toLocaleString` builds a formatter at every call (2 ms each, profiled).
 */
const counter = new Intl.NumberFormat("en");
const count = (n: number) => counter.format(n);

export interface ConditionWords {
  readonly rule: string;
  /** The packet's value; null when it has none (no connection, no socket, no MAC). */
  readonly packet: string | null;
  /** The plain test's answer, `!` not applied; null when the engine cannot tell from the snapshot. */
  readonly plain: boolean | null;
  /** The answer with `!` applied, as the engine decided it; null when nothing tells. */
  readonly held: boolean | null;
  /** For a statistic or limit condition: what decides it and how its answer is known. */
  readonly state: StateAnswer | null;
}

/**
 * What an answer the host sent is, as data: who made it and the packet's protocol, flags and ICMP type, taken
 * from the engine's snapshot of it. Languages word it from these; the engine's English `reason` is only for en.
 */
export interface AnswerFacts {
  readonly origin: ResponseOrigin;
  readonly proto: "tcp" | "udp" | "icmp";
  readonly flags: string;
  readonly icmp: { readonly type: number; readonly code: number } | null;
}

/** A sentence for every condition code: a code without one is a compile error, in every language. */
export function conditionWords(
  words: Record<ConditionCode, (c: ConditionWords) => string>,
): Record<ConditionCode, (c: ConditionWords) => string> {
  return words;
}

/** A target the rule form may not offer where the rule would go. */
export type RefusedTarget = Extract<TargetCheck, { ok: false }>;

/** A sentence for every kind of target effect: a kind without one is a compile error, in every language. */
export type TargetWords = { readonly [K in TargetEffectKind]: (e: Extract<TargetEffect, { kind: K }>) => string };

export function targetWords(words: TargetWords): TargetWords {
  return words;
}

/** What a stateful condition depends on, then how it came out this time. */
function stateEn(c: ConditionWords): string {
  const on = c.state?.on;
  const what =
    on === undefined
      ? "depends on the rule's state"
      : on.kind === "random"
        ? `a random draw, true with probability ${on.probability}`
        : on.kind === "nth"
          ? `the rule's counter: one packet in every ${on.every} that reach the rule`
          : on.kind === "limit"
            ? `the rule's token bucket: up to ${on.burst} packets, refilled ${on.count} per ${on.unit}`
            : "the connection's remaining lifetime, which the clock changes";
  const known = c.state?.known ?? null;
  if (known === "pinned") return `${what}; pinned: you chose that it ${c.held ? "matches" : "does not match"}`;
  if (known === "outcome") return `${what}; this time it ${c.held ? "matched" : "did not match"}`;
  return `${what}; the engine decided it`;
}

/** A field a target set: "the mark 0x0 → 0x1", or "the mark stays 0x1". */
const FIELD_EN: Readonly<Record<FieldChange["field"], string>> = {
  mark: "the packet mark",
  ctMark: "the connection mark",
  tos: "the TOS byte",
  ttl: "the TTL",
  ctinfo: "the conntrack state",
};

function changesEn(changes: readonly FieldChange[]): string {
  return changes
    .map((c) =>
      c.before === c.after ? `${FIELD_EN[c.field]} stays ${c.after}` : `${FIELD_EN[c.field]} ${c.before} → ${c.after}`,
    )
    .join(", ");
}

/** ICMP destination-unreachable codes REJECT can choose (RFC 792, RFC 1812). */
const ICMP_UNREACH_EN: Readonly<Record<number, string>> = {
  0: "net unreachable",
  1: "host unreachable",
  2: "protocol unreachable",
  3: "port unreachable",
  9: "net prohibited",
  10: "host prohibited",
  13: "administratively prohibited",
};

const NO_CONN = "the packet has no connection";
const NO_SOCKET = "no local program's socket sent the packet";

/**
 * Every string the UI shows, in one place, so a translation is one more file of the same shape
 * (`typeof en`). Functions build sentences whose word order a translation may need to change.
 */
export const en = {
  app: {
    title: "Netfilter Explorer",
    tagline: "How Linux netfilter (iptables) handles a packet, step by step",
    themeLight: "Light theme",
    themeDark: "Dark theme",
    motionOn: "Animation on",
    motionOff: "No animation",
    motionReduced: "Reduced motion (system setting): tokens jump, autoplay is off",
    reset: "Reset scenario",
    skipToComposer: "Skip to Send a packet",
    panelsShow: "Show panels",
    panelsHide: "Hide panels",
    panels: "Panels: send, rules, trace",
    details: "Details",
    /** On a phone the three panels are one at a time: this names the switch between them. */
    panes: "Show one panel",
    paneSend: "Send",
    more: "More",
    present: "Present",
    presentExit: "Leave presentation (f)",
    help: "Keyboard shortcuts",
    helpClose: "Close",
    shortcuts: [
      ["Space", "play or pause"],
      ["← →", "step back or forward"],
      ["f", "presentation mode: the diagram, the sentence and the playback bar alone"],
      ["?", "this list"],
      ["Esc", "close this list, leave presentation mode"],
      ["Ctrl+Z, Ctrl+Shift+Z", "undo or redo a rules edit"],
    ] as readonly (readonly [string, string])[],
  },
  diagram: {
    label: "Netfilter packet-flow diagram",
    notDeclared: "not declared",
    notDeclaredWhy: (table: string, hook: string) =>
      `The ruleset does not declare ${table} ${hook}. With iptables-nft a chain that is not declared does not exist, so packets pass this slot without being checked.`,
    rules: (n: number) => (n === 1 ? "1 rule" : `${n} rules`),
    policy: (p: string) => `policy ${p}`,
    priority: (p: string) => `priority ${p}`,
    packets: (n: number) => `${n} pkts`,
    conntrackLookup: "conntrack",
    conntrackConfirm: "ct confirm",
    /** The two conntrack steps' sub-labels, and conntrack confirm's place in its hook. */
    ctStep: { lookup: "lookup", confirm: "confirm" },
    prioLast: "last",
    routingIn: "routing decision",
    routingOut: "routing decision",
    reroute: "reroute?",
    ifIn: "Interface in",
    ifOut: "Interface out",
    local: "Local process (sockets: sshd, web server…)",
    gen: "Kernel-made packet",
    edgeLocal: "local",
    edgeForward: "forward",
    edgeLoopback: "loopback: OUT=lo comes back in as IN=lo",
    pathIncoming: "incoming",
    pathForwarded: "forwarded",
    pathOutgoing: "locally generated",
    modeCaption: "iptables-nft: security runs after nat in INPUT",
    zoomIn: "Zoom in",
    zoomOut: "Zoom out",
    zoomFit: "Fit",
    legend: "Legend",
    legendDecision: "decision",
    legendConntrack: "conntrack",
    legendGhost: "not declared",
    legendTables: {
      raw: "skip conntrack",
      mangle: "marks, TOS, TTL",
      nat: "rewrite addresses",
      filter: "allow or drop",
      security: "SELinux labels",
    } satisfies Record<TableName, string>,
  },
  /** Accessible names; table cells are exactly "<table> <HOOK>" (the e2e tests rely on it). */
  names: {
    table: (table: TableName, hook: HookName) => `${table} ${hook}`,
    conntrack: (hook: HookName) => `conntrack ${hook}`,
    confirm: (hook: HookName) => `conntrack confirm ${hook}`,
    routingIn: "routing decision",
    routingOut: "routing decision OUTPUT",
    reroute: "reroute check",
    ifIn: "interface in",
    ifOut: "interface out",
    local: "local process",
    gen: "kernel-generated packets",
    merge: "forwarded and local traffic merge",
    hook: (hook: HookName) => `${hook} hook`,
    playback: "Playback",
  },
  /** One or two sentences per thing on the diagram, shown on hover and focus. */
  help: {
    table: {
      raw: "raw runs first, before conntrack: its rules can exempt a packet from connection tracking (NOTRACK).",
      mangle:
        "mangle changes packet fields such as TOS, TTL and the firewall mark, which later routing and rules can use.",
      nat: "nat rewrites addresses and ports (DNAT, SNAT, MASQUERADE). Its rules run only for the first packet of a connection; later packets reuse the binding.",
      filter:
        "filter decides whether the packet may pass: ACCEPT, DROP or REJECT. This is the firewall most people mean.",
      security: "security applies SELinux labels (mandatory access control) after filter. Few rulesets use it.",
    } satisfies Record<TableName, string>,
    hook: {
      PREROUTING:
        "PREROUTING runs for every packet that arrives on an interface, before the routing decision. DNAT here can change where it goes.",
      INPUT: "INPUT runs for packets addressed to this host, just before a local socket receives them.",
      FORWARD: "FORWARD runs for packets this host routes from one interface to another.",
      OUTPUT: "OUTPUT runs for packets a local process (or the kernel) sends, right after their route is chosen.",
      POSTROUTING: "POSTROUTING runs for every packet about to leave on an interface. SNAT and MASQUERADE happen here.",
    } satisfies Record<HookName, string>,
    order:
      "Inside a hook, tables run in priority order: raw (−300), conntrack (−200), mangle (−150), nat DNAT (−100), filter (0), security, nat SNAT (+100).",
    ctLookup:
      "conntrack looks the packet up in the connection table: NEW (first packet), ESTABLISHED (seen both ways), RELATED (an ICMP error or helper flow), INVALID or UNTRACKED.",
    ctConfirm:
      "conntrack confirm: the new connection enters the table only here, at the very end. A packet dropped earlier leaves no entry.",
    routingIn:
      "The input routing decision: is the (possibly DNATed) destination this host (go up to INPUT) or somewhere else (FORWARD)?",
    routingOut: "The output routing decision picks the source address and output interface before OUTPUT runs.",
    reroute: "If mangle or nat OUTPUT changed the mark or destination, the route is looked up again.",
    ifIn: "Where packets arrive from the network (eth0, eth1) or back from loopback (lo).",
    ifOut: "Where packets leave, on the interface the route chose.",
    local: "Programs on this host: sockets that receive INPUT packets and send OUTPUT packets.",
    gen: "Packets the kernel itself makes: REJECT's RST or ICMP answer, ICMP errors. They start at the output routing decision.",
    merge: "Forwarded packets and locally generated ones meet here and both go through POSTROUTING.",
    ctStates: {
      NEW: "NEW: the first packet of a connection conntrack has not seen before.",
      ESTABLISHED: "ESTABLISHED: conntrack has seen packets in both directions.",
      RELATED: "RELATED: a new flow tied to an existing one, such as an ICMP error about it.",
      INVALID: "INVALID: conntrack could not place it (raw tables always see this, before the lookup).",
      UNTRACKED: "UNTRACKED: raw NOTRACK exempted it from connection tracking.",
    } as Record<string, string>,
  },
  /** A rule in a few words, under its command in the rules panel. */
  plain: plainEn,
  explain: {
    /** Why a condition held or failed, by the engine's condition code, with the packet's value it compared. */
    why: conditionWords({
      src: (c) => (c.plain ? `${c.packet} is in it` : `${c.packet} is not in it`),
      dst: (c) => (c.plain ? `${c.packet} is in it` : `${c.packet} is not in it`),
      in: (c) => (c.packet === null ? "the packet has no input interface here" : `the packet is in on ${c.packet}`),
      out: (c) => (c.packet === null ? "the packet has no output interface yet" : `the packet is out on ${c.packet}`),
      proto: (c) => `the packet is ${c.packet}`,
      fragment: () => "the packet is not a fragment (the kernel reassembles fragments before any chain)",
      "ports.proto": (c) => `the packet is ${c.packet}; -m ${c.rule} only looks at ${c.rule} packets`,
      "ports.sport": (c) => `the source port is ${c.packet}`,
      "ports.dport": (c) => `the destination port is ${c.packet}`,
      "tcp.flags": (c) => `the packet's TCP flags are ${c.packet || "none"}`,
      "tcp.option": () => "the packet carries no TCP options",
      "icmp.proto": (c) => `the packet is ${c.packet}; -m icmp only looks at icmp packets`,
      "icmp.type": (c) => {
        const [type, code] = (c.packet ?? "").split("/");
        return `the ICMP type is ${type} (code ${code})`;
      },
      "multiport.proto": (c) => `the packet is ${c.packet}; -m multiport only looks at tcp and udp packets`,
      "multiport.ports": (c) => {
        const ports = (c.packet ?? "").split(",");
        return `the packet's port${ports.length > 1 ? "s are" : " is"} ${ports.join(", ")}`;
      },
      "iprange.src": (c) => (c.plain ? `${c.packet} is in the range` : `${c.packet} is not in the range`),
      "iprange.dst": (c) => (c.plain ? `${c.packet} is in the range` : `${c.packet} is not in the range`),
      "ct.state": (c) => `conntrack says ${c.packet}`,
      "ct.status": (c) => (c.packet === null ? NO_CONN : `the connection's status is ${c.packet}`),
      "ct.dir": (c) => (c.packet === null ? NO_CONN : `the packet's direction is ${c.packet}`),
      "ct.proto": (c) => (c.packet === null ? NO_CONN : `the connection is ${c.packet}`),
      "ct.expire": (c) => (c.packet === null ? NO_CONN : `the connection times out in ${c.packet} s`),
      "ct.origsrc": (c) => (c.packet === null ? NO_CONN : `the connection's original source is ${c.packet}`),
      "ct.origdst": (c) => (c.packet === null ? NO_CONN : `the connection's original destination is ${c.packet}`),
      "ct.replsrc": (c) => (c.packet === null ? NO_CONN : `the connection's reply source is ${c.packet}`),
      "ct.repldst": (c) => (c.packet === null ? NO_CONN : `the connection's reply destination is ${c.packet}`),
      "ct.origsrcport": (c) => (c.packet === null ? NO_CONN : `the connection's original source port is ${c.packet}`),
      "ct.origdstport": (c) =>
        c.packet === null ? NO_CONN : `the connection's original destination port is ${c.packet}`,
      "ct.replsrcport": (c) => (c.packet === null ? NO_CONN : `the connection's reply source port is ${c.packet}`),
      "ct.repldstport": (c) => (c.packet === null ? NO_CONN : `the connection's reply destination port is ${c.packet}`),
      mark: (c) => `the packet mark is ${c.packet}`,
      connmark: (c) =>
        c.packet === null
          ? "the packet has no connection, so no connection mark"
          : `the connection mark is ${c.packet}`,
      "addrtype.src": (c) => `the source address is of type ${c.packet}`,
      "addrtype.dst": (c) => `the destination address is of type ${c.packet}`,
      statistic: stateEn,
      limit: stateEn,
      length: (c) => `the packet is ${c.packet} bytes`,
      ttl: (c) => `the TTL is ${c.packet}`,
      tos: (c) => `the TOS byte is ${c.packet}`,
      dscp: (c) => `the DSCP is ${c.packet}`,
      mac: (c) =>
        c.packet === null
          ? "the packet has no source MAC: it did not come from the wire"
          : `the source MAC is ${c.packet}`,
      "owner.uid": (c) => (c.packet === null ? NO_SOCKET : `the sending program's uid is ${c.packet}`),
      "owner.gid": (c) => (c.packet === null ? NO_SOCKET : `the sending program's gid is ${c.packet}`),
      "owner.socket": (c) =>
        c.packet === null
          ? NO_SOCKET
          : c.packet === "kernel"
            ? "the kernel's own control socket sent the packet (it has no uid or gid)"
            : "a local program's socket sent the packet",
      pkttype: (c) => `the link layer addressed the packet as ${c.packet}`,
      "ecn.ece": (c) =>
        c.packet === null
          ? "the packet is not TCP"
          : c.plain
            ? "the packet's ECE flag is set"
            : "the packet's ECE flag is clear",
      "ecn.cwr": (c) =>
        c.packet === null
          ? "the packet is not TCP"
          : c.plain
            ? "the packet's CWR flag is set"
            : "the packet's CWR flag is clear",
      "ecn.ect": (c) => `the IP header's ECN field is ${c.packet}`,
      unsupported: (c) => `the explorer does not model -m ${c.rule}; the rule is treated as not matching`,
    }),
    /** What the matching rule's target did. */
    target: targetWords({
      accept: () => "accepted: the packet leaves this chain and table",
      drop: () => "dropped: nothing is sent back",
      return: () => "returns to the chain that jumped here (in a built-in chain: its policy)",
      jump: (e) => `jumps to ${e.chain}; a RETURN comes back after this rule`,
      goto: (e) => `goes to ${e.chain}, and does not come back here`,
      reject: (e) => `rejected: dropped, and an answer chosen (${e.with})`,
      nat: (e) => `${e.manip}: sets up the connection's address translation`,
      set: (e) => `sets ${changesEn(e.changes)}; the next rule sees the change`,
      "no-connection": () => "the packet has no connection, so nothing changed",
      untrack: (e) => `exempts the packet from connection tracking: ${changesEn(e.changes)}`,
      zone: (e) =>
        e.zone === null
          ? "sets conntrack options the explorer does not model"
          : `puts the packet in conntrack zone ${e.zone}`,
      log: (e) =>
        `${e.group === null ? "logs the packet" : `logs the packet to netlink group ${e.group}`}${e.prefix ? ` with prefix “${e.prefix}”` : ""}, and goes on`,
      trace: () => "turns on tracing (the explorer traces every packet anyway)",
      continue: () => "no target: the rule counts the packet, which goes on to the next rule",
      unsupported: (e) => `the explorer does not model ${e.name}; the rule goes on to the next`,
    }),
    noMissFound: "no failing condition found",
    matched: "matched: every condition holds",
    passed: "passed",
  },
  playback: {
    play: "Play",
    playPacket: (n: number) => `Play #${n}`,
    playAll: "Play all",
    prevPacket: "Previous packet",
    nextPacket: "Next packet",
    pause: "Pause",
    stepBack: "Step back",
    stepForward: "Step forward",
    toStart: "First step",
    toVerdict: "Jump to verdict",
    speed: "Speed",
    position: (i: number, n: number) => (n === 0 ? "no steps" : `step ${i + 1} of ${n}`),
    empty: "Send a packet to see its path.",
  },
  composer: {
    title: "Send a packet",
    from: "From",
    fromLocal: "local process",
    proto: "Protocol",
    src: "Source",
    dst: "Destination",
    sport: "Src port",
    dport: "Dst port",
    flags: "TCP flags",
    icmpType: "ICMP type",
    send: "Send",
    presets: "Presets",
    presetSyn: "SYN to ssh",
    presetReply: "A reply",
    presetPing: "Ping",
    presetForward: "Forwarded flow",
    presetPortForward: "Port forward",
    lessonPreset: (
      n: number,
      p: { proto: string; dst: string; dport?: number | undefined; type?: number | undefined },
    ) => `like #${n}: ${p.proto} → ${p.dst}${p.dport ? `:${p.dport}` : ""}`,
    invalid: "Check the highlighted fields.",
    packets: "Packets in this scenario",
    remove: (n: number) => `Remove packet ${n}`,
    play: (n: number) => `Play packet ${n}`,
    noPackets: "No packets yet.",
    hostPresetIn: (iface: string) => `In on ${iface}`,
    hostPresetOut: "From this host",
    hostPresetThrough: (a: string, b: string) => `${a} → ${b}`,
  },
  panels: {
    trace: "Trace",
    conntrack: "conntrack -L",
    counters: "Counters",
    rules: "Rules",
    ruleset: "Ruleset",
    traceEmpty: "No trace yet: send a packet.",
    conntrackEmpty: "The connection table is empty.",
    conntrackAfter: "After all packets",
    conntrackThis: "This packet's entry",
    /** The conntrack clock: time after the last packet, moved on by the learner. */
    clock: (seconds: number) =>
      seconds === 0 ? "Clock: at the last packet" : `Clock: ${clockText(seconds)} after the last packet`,
    clockAdd: (seconds: number) => `+${clockText(seconds)}`,
    clockReset: "Back to the last packet",
    clockHint: "Entries time out by the kernel's default timeouts (ESTABLISHED 5 days, UDP 30 s, ICMP 30 s...).",
    procTitle: "/proc/net/nf_conntrack",
    conntrackLTitle: "conntrack -L",
    conntrackTimedOut: "Every entry has timed out: the table is empty.",
    /** Each /proc field on hover (columns by position, the rest by name). */
    procField: {
      l3: "Layer-3 protocol name",
      l3num: "Layer-3 protocol number (2: AF_INET)",
      l4: "Layer-4 protocol name",
      l4num: "Layer-4 protocol number (6: tcp, 17: udp, 1: icmp)",
      timeout: "Seconds left before the entry times out",
      state: "TCP state as conntrack tracks it",
      src: "Source address of this direction",
      dst: "Destination address of this direction",
      sport: "Source port of this direction",
      dport: "Destination port of this direction",
      type: "ICMP type",
      code: "ICMP code",
      id: "ICMP identifier",
      packets: "Packets seen in this direction (nf_conntrack_acct)",
      bytes: "Bytes seen in this direction (nf_conntrack_acct)",
      unreplied: "No packet has been seen in the reply direction yet",
      assured: "Seen both ways and kept: early drop never evicts an ASSURED entry",
      mark: "Connection mark (CONNMARK)",
      zone: "Conntrack zone",
      use: "Reference count: the table's and the reader's",
      first: "The original direction (as the first packet went)",
      second: "The reply direction (what an answer looks like)",
    },
    countersPolicy: (p: string) => `policy ${p}`,
    countersChain: (table: string, chain: string, policy: string | null, pk: number, b: string) =>
      `Chain ${chain} (${table}${policy ? `, policy ${policy} ${pk} packets, ${b} bytes` : ""})`,
    rulesNone: "Click a cell of the diagram to see its rules.",
    rulesNotDeclared:
      "This chain is not declared in the ruleset: with iptables-nft it does not exist and packets skip it.",
    rulesEmpty: "No rules: every packet gets the policy.",
    ruleMatched: "matched",
    rulePassed: "passed",
    ruleCurrent: "current rule",
    policyLine: (p: string) => `policy ${p}: no rule matched`,
    rulesetApply: "The diagram updates as you type.",
    diagnostics: "Problems",
    headers: { pkts: "pkts", bytes: "bytes", target: "target", rule: "rule" },
  },
  sim: {
    busy: "Computing…",
    timeout: "The computation took too long and was stopped. The engine was restarted; your scenario is unchanged.",
    crashed: "The engine stopped unexpectedly and was restarted; your scenario is unchanged.",
    invalid: "The scenario is not valid:",
    failed: (m: string) => `The engine failed: ${m}`,
    dismiss: "Dismiss",
  },
  /** Plain-language line for each step of a trace. */
  step: {
    start: (from: string) =>
      from === "local" ? "A local process sends the packet." : `The packet arrives on ${from}.`,
    startResponse: (reason: string, _answer: AnswerFacts) => `The host answers: ${reason}.`,
    chainRule: (table: string, hook: string, chain: string, rule: number, verdict: string) =>
      `${table} ${hook}${chain !== hook ? ` (chain ${chain})` : ""}: rule ${rule} matched, ${verdictWords(verdict)}.`,
    chainPolicy: (table: string, hook: string, verdict: string) =>
      `${table} ${hook}: no rule matched, the policy ${verdict === "DROP" ? "drops the packet" : "lets it continue"}.`,
    conntrack: (action: ConntrackAction) =>
      (
        ({
          new: "conntrack: a new connection (not yet confirmed).",
          found: "conntrack: part of a known connection.",
          related: "conntrack: related to a known connection.",
          invalid: "conntrack: INVALID, it fits no connection.",
          untracked: "conntrack: not tracked (NOTRACK).",
          confirmed: "conntrack: the connection is confirmed and enters the table.",
          skipped: "conntrack: skipped (the packet already carries its entry).",
          deleted: "conntrack: the entry is removed.",
          expired: "conntrack: the entry's timeout ran out before this packet: it is gone.",
          "early-drop": "conntrack: the table is full; a connection not yet ASSURED is evicted to make room.",
          "table-full": "conntrack: the table is full and every entry is ASSURED: table full, dropping packet.",
          "out-of-window":
            "conntrack: INVALID because of the TCP window: the segment lies beyond what the other side allowed or acknowledges data never sent (tcp_in_window; nf_conntrack_tcp_be_liberal=1 would let it pass).",
        }) satisfies Record<ConntrackAction, string>
      )[action],
    nat: (manip: string, from: string, to: string) => `${manip} rewrites ${from} to ${to}.`,
    routing: (decision: RoutingDecision, detail: string, _dev: string | null) => `Routing: ${detail} (${decision}).`,
    loopback: "The packet leaves on lo and comes back in as IN=lo.",
    response: (reason: string, _answer: AnswerFacts | null) => `The host will answer: ${reason}.`,
    deliver: (detail: string) => `Delivered to the local process: ${detail}.`,
    egress: (dev: string) => `Sent out on ${dev}.`,
    drop: (reason: string) => `Dropped: ${reason}.`,
    rejectRule: (table: string, hook: string, chain: string, rule: number, answer: string) =>
      `${table} ${hook}${chain !== hook ? ` (chain ${chain})` : ""}: rule ${rule} matched, REJECT: the packet is refused and ${answer} is sent back.`,
    rejected: (answer: string, sent: boolean) =>
      sent
        ? `Rejected: the packet is gone, ${answer} sent.`
        : `Rejected: the packet is gone; no ${answer} could be sent.`,
    warning: (m: string) => `Warning: ${m}`,
    log: (line: string) => `LOG: ${line}`,
  },
  narrate: (tag: string, text: string) => `Packet ${tag}: ${text}`,
  verdict: {
    accept: "ACCEPT",
    drop: "DROP",
    reject: "REJECT",
    delivered: "delivered",
    sent: (dev: string) => `out ${dev}`,
    rejected: "rejected",
    rule: (verdict: string, n: number) => `${verdict} · rule ${n}`,
    policy: (verdict: string) => `policy ${verdict}`,
    route: (decision: RoutingDecision) => decision as string,
    /** A packet's fate in the packet list (REJECT has its own, under `reject.fate`). */
    fate: { local: "local", forwarded: "forwarded", sent: "sent", dropped: "dropped" } satisfies Record<Fate, string>,
  },
  /** What REJECT sent back: its own fate, though the kernel's trace says DROP. */
  reject: {
    rst: "RST",
    icmp: (type: number, code: number) =>
      `ICMP ${ICMP_UNREACH_EN[code] ?? "destination unreachable"} (type ${type}, code ${code})`,
    fate: (answer: string, sent: boolean) => (sent ? `rejected: ${answer} sent` : `rejected: no ${answer} sent`),
  },
  /** Issue 6: language switch, share links, scenario files, autosave, gallery. */
  lang: {
    label: "Language",
    names: { en: "English", zh: "中文" } as Record<string, string>,
  },
  share: {
    button: "Share",
    title: "Share this view",
    intro: "The link holds the whole scenario and the playback position. Anyone who opens it sees this exact view.",
    link: "Link",
    length: (n: number) => `${n.toLocaleString("en")} characters`,
    copy: "Copy link",
    copied: "Copied to the clipboard.",
    copyFailed: "Could not copy: select the link and copy it yourself.",
    includeLang: "Include my language",
    tooLong: (n: number, max: number) =>
      `This scenario makes a link of ${n.toLocaleString("en")} characters, more than the ${max.toLocaleString("en")} a link may carry. Save it as a file instead.`,
    heldTooLarge: (mb: string) =>
      `This scenario's ruleset is ${mb} MB: too large for a link (a link carries a few hundred kilobytes at most). Save it as a file instead; the file opens with Open file.`,
    saveFailed: "The file could not be made. Try again once the engine is idle.",
    close: "Close",
    linkError: "This link could not be opened; your work is unchanged.",
    /** Shown above the codec's own message, by error code. */
    errors: {
      "not-a-link": "Not a scenario link.",
      damaged: "Damaged or cut-off link.",
      "too-large": "Link too large.",
      "newer-version": "Link from a newer version.",
      "invalid-scenario": "The link's scenario is not valid.",
    } as Record<string, string>,
    dismiss: "Dismiss",
  },
  replay: {
    tab: "Kernel trace",
    intro:
      "Replay a real host's trace: paste what nft monitor trace (or xtables-monitor --trace) printed, with nft -a list ruleset before it when the trace names rules by handle. Its packets replace this scenario's (undo brings them back), and each is compared with the simulation.",
    label: "Trace text",
    replay: "Replay",
    noTrace: "No line of nft monitor trace or xtables-monitor --trace output was found in this text.",
    reading: "Reading the trace against the ruleset…",
    failed: (why: string) => `The trace could not be read against the ruleset: ${why}`,
    read: (format: string, n: number) => `Read as ${format}: ${n === 1 ? "1 packet" : `${n} packets`}.`,
    notes: (n: number) => (n === 1 ? "1 note on the text" : `${n} notes on the text`),
    noteAt: (line: number, text: string) => (line ? `Line ${line}: ${text}` : text),
    noteWords: {
      unreadableLine: (tool: string) => `a line ${tool} does not print this way: left out`,
      notATraceLine: (format: string) => `not a trace line (${format}): left out`,
      mixedFormats: "the text mixes nft monitor trace and xtables-monitor lines: both are read, by trace id",
      noPacketLine: (id: string) =>
        `trace ${id} starts without its packet line (cut off above?): its packet is unknown`,
      packetWithoutInterface: "the packet line names no interface: where the packet came from is unknown",
      packetNotIpv4: "the packet line shows no IPv4 addresses: it cannot be simulated",
      protocolNotSimulated: (proto: string) => `protocol ${proto}: the explorer simulates tcp, udp and icmp only`,
      familyNotSimulated: (family: string) => `${family} tables are not simulated: their events are left out`,
      chainNotInScenario: (table: string, chain: string) =>
        `${table} ${chain} is not in the scenario's rulesets: its events are left out`,
      ruleNotFound: (table: string, chain: string, handle: number | null) =>
        `rule ${handle === null ? "" : `handle ${handle} `}of ${table} ${chain} is not in the ruleset: ${
          handle === null
            ? "run nft -a monitor trace for handles, or paste nft -a list ruleset before the trace"
            : "paste nft -a list ruleset before the trace"
        }`,
    },
    packet: (n: number, header: string, from: string) =>
      `Packet ${n}: ${header}, ${from === "local" ? "sent by the host" : `in on ${from}`}`,
    unknownPacket: (n: number) => `Packet ${n}: the trace does not show it`,
    line: (n: number) => `line ${n}`,
    engineSaid: "the simulation",
    ends: "ends here",
    same: (n: number) => `The simulation agrees with the kernel: ${n} steps, the same rules and verdicts.`,
    differs: (step: number, kernel: string, engine: string) =>
      `First difference at step ${step}: the kernel ${kernel}, the simulation ${engine}.`,
    skipped: (n: number) =>
      `(The simulation's first ${n} steps, before the chain where the kernel's tracing began, are not compared.)`,
    notCompared: "Not compared: the trace does not show this packet.",
    waiting: "Simulating the packets of the trace…",
    play: (n: number) => `Play packet ${n}`,
    showRule: "Show this chain in the rules panel",
  },
  files: {
    save: "Save as file",
    open: "Open file",
    openLabel: "Open a scenario file (.json), or drop one on the page",
    notJson: (m: string) => `This file is not JSON: ${m}`,
    invalid: (name: string) => `${name} is not a valid scenario; nothing was changed:`,
    opened: (name: string) => `Opened ${name}.`,
  },
  persist: {
    rulesetLost: (name: string, mb: string) =>
      `The saved work's ruleset (${name}, ${mb} MB) was not brought back: its file was not in this browser's storage. The packets and the host are back; open the file again to get its rules.`,
    restored: "Your last scenario was restored from this browser.",
    held: {
      timeout: (seconds: string) => `Computing this scenario took longer than ${seconds} s, so it was stopped.`,
      crashed: (message: string) => `Computing this scenario stopped the engine (${message}).`,
      stopped: "You stopped computing this scenario.",
      kept: (name: string) =>
        `“${name}” is kept as a draft that does not run by itself, not even after a reload. Your previous work is shown.`,
      openAnyway: "Open it anyway",
      goBack: "Go back to the previous work",
      download: "Download it",
    },
    running: "Computing without a time limit…",
    stop: "Stop",
    failure: {
      quota: "Your work could not be saved: this browser's storage for the site is full.",
      unavailable:
        "Your work cannot be saved: this browser window does not allow site storage (private mode or blocked site data).",
      error: (message: string) => `Your work could not be saved (${message}).`,
      keep: "It stays in this tab until you close it: download it to keep it.",
      download: "Download the scenario",
      downloadDraft: "Download the ruleset text",
      retry: "Try saving again",
    },
    otherTab: (time: string) =>
      `This work is also open in another tab, which saved its own changes at ${time}. Each tab keeps its own work: reloading this tab keeps this tab's, and a new tab opens whichever was saved last.`,
    draftRestored:
      "Your ruleset text was restored as you left it. It has errors, so it is not applied: the rules in use are the last ones without errors. See the Ruleset tab.",
    dismiss: "Dismiss",
  },
  rules: {
    toolbar: "Ruleset",
    undo: "Undo",
    redo: "Redo",
    open: "Open file…",
    download: "Download rules.v4",
    copyCommands: "Copy as commands",
    copyRule: "Copy",
    copied: "Copied to the clipboard",
    downloaded: "Saved rules.v4",
    addRule: "Add rule",
    insertAbove: "Insert above",
    delete: "Delete",
    moveUp: "Move up",
    moveDown: "Move down",
    drag: "Drag to reorder, or focus and press Alt+↑ / Alt+↓",
    newChain: "New chain",
    newChainPrompt: "Name of the new chain",
    rename: "Rename",
    renamePrompt: (c: string) => `New name for ${c}`,
    deleteChain: "Delete chain",
    policy: "Policy",
    table: "Table",
    chain: "Chain",
    manyChains: (n: number) => `${n.toLocaleString("en")} chains: find the others by name below`,
    search: "Find a rule: address, port, chain, comment",
    findChain: "Find a chain: name, service, comment",
    chainHits: (shown: number, total: number) =>
      total === 0
        ? "No chain matches."
        : shown < total
          ? `${total.toLocaleString("en")} chains match; the first ${shown}:`
          : `${total} ${total === 1 ? "chain matches" : "chains match"}:`,
    searchHits: (shown: number, total: number) =>
      total === 0
        ? "No rule matches."
        : shown < total
          ? `${total.toLocaleString("en")} rules match; the first ${shown}:`
          : `${total === 1 ? "1 rule matches" : `${total} rules match`}:`,
    rules: (n: number) => (n === 1 ? "1 rule" : `${n} rules`),
    loading: "Loading…",
    dropHere: "Drop an iptables-save file or a script of iptables commands",
    opening: {
      bar: (name: string) => `Opening ${name}`,
      starting: (name: string) => `Opening ${name}…`,
      reading: (name: string, mb: string, totalMb: string, rules: number) =>
        `Reading ${name}: ${mb} of ${totalMb} MB, ${count(rules)} rules so far`,
      parsing: (name: string, rules: number) =>
        `Parsing ${name}: ${count(rules)} rules; the rules in use stay until it is done`,
      cancel: "Cancel",
      tooLarge: (name: string, mb: string, limitMb: string) =>
        `${name} is ${mb} MB, and the explorer opens ruleset files of at most ${limitMb} MB: it keeps a ruleset as one text, and a browser cannot make a longer one. Save one table at a time (iptables-save -t nat) and open that.`,
      failed: (name: string, message: string) => `${name} could not be opened: ${message}`,
    },
    draftErrors: (n: number, source: "editor" | "import") =>
      `${source === "import" ? "The imported text" : "Your text"} has ${n === 1 ? "1 error" : `${n} errors`}; the rules in use are unchanged until it parses. Fix it in the Ruleset tab.`,
    discard: "Discard",
    validating: (percent: number) => `Checking the ruleset… ${percent}%`,
    kernelRefuses: (n: number) =>
      `iptables-restore would refuse this ruleset: ${n === 1 ? "1 error" : `${n} errors`}, and the kernel would keep the rules it had. The simulation shown skips the lines in error, so it is not what the kernel would do. Fix them in the Ruleset tab.`,
    refused: "Refused:",
    counters: (p: number, b: number) => `${p} pkts, ${b} bytes`,
    diagnostic: (line: number, column: number, message: string) => `line ${line}:${column} ${message}`,
    kube: {
      title: "Kubernetes services (kube-proxy, iptables mode)",
      search: "Find a service by name, cluster IP or node port",
      count: (from: number, to: number, total: number) =>
        total === 0
          ? "No service matches."
          : to - from + 1 === total
            ? `${total === 1 ? "1 service" : `${total.toLocaleString("en")} services`}.`
            : `Services ${from.toLocaleString("en")}–${to.toLocaleString("en")} of ${total.toLocaleString("en")}.`,
      endpoints: (n: number) => (n === 1 ? "1 endpoint" : `${n} endpoints`),
      previous: "Previous",
      next: "Next",
      open: "Rules",
      openHint: (chain: string) => `Show the rules of ${chain}`,
      nodePort: "node port",
      service: "Kubernetes service",
      clusterIp: "cluster IP",
      endpoint: "Endpoint",
      written: "--probability",
      effective: "Share",
      pin: "Pin",
      pinNone: "Random (as kube-proxy)",
      pinned: "Pinned: every new connection takes this endpoint.",
    },
    form: {
      title: (chain: string) => `New rule in ${chain}`,
      position: "Position",
      proto: "Protocol",
      any: "any",
      src: "Source",
      dst: "Destination",
      inIface: "In interface",
      outIface: "Out interface",
      sport: "Source port",
      dport: "Destination port",
      ctstate: "Connection state",
      pktType: "Packet type (link layer)",
      ecn: "ECN",
      ecnFlagHint: "the TCP flag must be set (needs protocol tcp)",
      ecnField: "IP ECN field",
      comment: "Comment",
      target: "Target",
      toDest: "To (address[:port])",
      toPorts: "To ports",
      rejectWith: "Reject with",
      logPrefix: "Log prefix",
      mark: "Mark value",
      jumpTo: "Chain",
      jumpOption: "jump to chain",
      add: "Add",
      cancel: "Cancel",
      command: "Command",
      notHere: "not allowed here",
      /** Why the kernel refuses the target here (ruleset-edit's targetAllowed decides). */
      placement: (c: RefusedTarget) => {
        const p = c.problem;
        if (p.kind === "nat-drop")
          return 'The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.';
        if (p.kind === "wrong-table") return `${c.kind} is only valid in the ${p.only} table, not in ${c.table}.`;
        const via = c.reached ? " (this chain is reached from there)" : "";
        return `${c.kind} is only valid in ${p.only.join(" and ")}, not in ${c.refused.join(", ")}${via}.`;
      },
      cidrHint: "an IPv4 address or CIDR, `!` to negate",
      ifaceHint: "up to 15 characters; `+` at the end matches a prefix",
      portHint: "a port, a range 1000:2000, or a list 22,80,443",
    },
    text: {
      large: (mb: string) =>
        `This ruleset is ${mb} MB. Its rules are listed in the Rules panel; opening it as text takes a few seconds.`,
      openLarge: "Open as text",
      held: (name: string, mb: string, rules: string) =>
        `${name}: ${mb} MB, ${rules} rules, held in the engine. The Rules panel lists, searches and edits it; this page keeps no copy of its text.`,
      heldDownload: (name: string) => `Download ${name}`,
      heldLoad: "Load into the editor",
      heldLoadCost: "The whole text then lives in this page too, and the editor takes a few seconds to build.",
      heldLoading: "Reading the file…",
      label: "Ruleset (iptables-save)",
      loading: "Loading the editor…",
      checking: "Checking…",
      applied: "Applied: the diagram shows these rules.",
      errors: (n: number) => (n === 1 ? "1 error: not applied yet." : `${n} errors: not applied yet.`),
    },
  },
  undo: {
    reset: "The scenario was reset to the default.",
    removed: (n: number) => `Packet ${n} was removed.`,
    undo: "Undo",
    confirmTitle: "Reset the scenario?",
    confirmText: "Your rules and packets are replaced by the default scenario. Right after, Undo brings them back.",
    confirmYes: "Reset",
    cancel: "Cancel",
  },
  tour: {
    title: "Welcome to Netfilter Explorer",
    diagram:
      "The diagram is the Linux kernel's packet path: the five hooks (PREROUTING, INPUT, FORWARD, OUTPUT, POSTROUTING), with their tables in the order they run. Send a packet or play one to watch it move.",
    lessons: "New to netfilter? Lessons (top right) open scenarios that teach, with steps to try.",
    router:
      "The default scenario is a router: eth0 (203.0.113.1) faces the internet (WAN), eth1 (192.168.1.1) the local network (LAN).",
    dismiss: "Got it",
  },
  nft: nftEn,
  gallery: {
    button: "Lessons",
    title: "Lessons: scenarios that teach",
    intro:
      "Each lesson opens a scenario with packets ready to play, says what to watch for, and gives a few steps to try.",
    open: "Open",
    close: "Close",
    watch: "What to watch for",
    steps: "Try this",
    doIt: "Do it",
    hide: "Hide lesson",
    show: "Show lesson",
    lesson: "Lesson",
    file: (name: string) => `scenario file: ${name}.scenario.json`,
  },
};

/** 30 -> "30 s", 300 -> "5 min", 7200 -> "2 h". */
function clockText(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function verdictWords(v: string): string {
  if (v === "ACCEPT") return "ACCEPT: this table is done, on to the next";
  if (v === "DROP") return "DROP: the packet is gone";
  if (v === "CONTINUE") return "the target does not end the chain, evaluation continues";
  if (v === "RETURN") return "RETURN to the calling chain";
  if (v.startsWith("JUMP:")) return `jump to chain ${v.slice(5)}`;
  if (v.startsWith("GOTO:")) return `go to chain ${v.slice(5)}`;
  return v;
}

export type Strings = typeof en;
