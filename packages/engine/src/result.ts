import type { AddressType, HookName, PktType, RejectWith, TableName } from "@nfx/model";

/** What happened to a packet in the end. */
export type Fate = "local" | "forwarded" | "sent" | "dropped";

/** The verdict word of a trace line, as `xtables-monitor --trace` prints it (RETURN spelled out). */
export type TraceVerdict =
  | "ACCEPT"
  | "DROP"
  | "CONTINUE"
  | "RETURN"
  /** nft's `queue`: with no program listening on the queue the packet is dropped. */
  | "QUEUE"
  | `JUMP:${string}`
  | `GOTO:${string}`;

/** A native nftables chain: its table's family and name, and its own name. */
export interface NativeChainId {
  readonly family: "ip" | "inet";
  readonly table: string;
  readonly chain: string;
}

/** conntrack's view of a packet, as `-m conntrack --ctstate` sees it. */
export type CtInfo = "NEW" | "ESTABLISHED" | "RELATED" | "INVALID" | "UNTRACKED";

/** The packet as it stands at one point of its path: enough to draw it and to explain a rule. */
export interface PacketSnapshot {
  readonly header: string;
  readonly proto: "tcp" | "udp" | "icmp";
  readonly src: string;
  readonly dst: string;
  readonly sport: number;
  readonly dport: number;
  /** TCP flag letters in bit order F S R P A U E C; empty for udp and icmp. */
  readonly flags: string;
  readonly icmpType: number;
  readonly icmpCode: number;
  readonly ttl: number;
  readonly tos: number;
  readonly mark: number;
  readonly length: number;
  readonly inIface: string | null;
  readonly outIface: string | null;
  /** As `--ctstate` sees it here: raw chains see INVALID, conntrack has not looked yet. */
  readonly ctinfo: CtInfo;
  readonly ctDirection: "ORIGINAL" | "REPLY" | null;
  readonly ctMark: number;
  /** The connection's status bits as `--ctstatus` and the virtual `--ctstate SNAT/DNAT` see them. */
  readonly ctStatus: readonly ("EXPECTED" | "SEEN_REPLY" | "ASSURED" | "CONFIRMED" | "SNAT" | "DNAT")[];
  /** The connection's tuples, as headers (`tcp 10.0.0.2:40000 > 10.0.0.1:80`), for `--ctorigsrc` and friends. */
  readonly ctOriginal: string | null;
  readonly ctReply: string | null;
  /** The addresses' types from the routing tables, as `-m addrtype` sees them. */
  readonly srcType: AddressType;
  readonly dstType: AddressType;
  /** The same, limited to the input and to the output interface (`--limit-iface-in/out`): [source, destination]. */
  readonly typesOnIn: readonly [AddressType, AddressType];
  readonly typesOnOut: readonly [AddressType, AddressType];
  /** Source MAC of a packet from the wire (`-m mac`). */
  readonly macSrc: string | null;
  /**
   * The socket the packet leaves with (`-m owner`): a local program's, with its owner; "kernel" for the kernel's
   * control socket (RST of a closed port, echo reply, ICMP errors: a socket, but no uid or gid); null for none.
   */
  readonly socket: { readonly uid: number; readonly gid: number } | "kernel" | null;
  /** `-m pkttype`: how the link layer addressed the packet. */
  readonly pktType: PktType;
}

/**
 * One event of a packet's path, in order. The kernel-style trace lines are the `chain`, `rule` and `policy`
 * steps; the others say what the kernel did between chains, so a person can follow the whole path.
 */
export type Step =
  | { readonly kind: "chain"; readonly table: TableName; readonly hook: HookName; readonly packet: PacketSnapshot }
  | {
      readonly kind: "rule";
      readonly table: TableName;
      readonly hook: HookName;
      readonly chain: string;
      /** 1-based position in its chain. */
      readonly rule: number;
      readonly verdict: TraceVerdict;
      /** Rules of this chain evaluated since the previous event in it, that did not match (1-based). */
      readonly missedFrom: number;
      /** The packet after this rule's target changed it (MARK, TOS...): what the rules after it see. */
      readonly packet?: PacketSnapshot;
    }
  | {
      readonly kind: "policy";
      readonly table: TableName;
      readonly hook: HookName;
      readonly chain: HookName;
      readonly verdict: "ACCEPT" | "DROP";
      readonly missedFrom: number;
    }
  | {
      readonly kind: "conntrack";
      readonly hook: HookName;
      readonly action: ConntrackAction;
      readonly entry: string | null;
    }
  | {
      readonly kind: "nat";
      readonly hook: HookName;
      readonly manip: "SNAT" | "DNAT";
      readonly from: string;
      readonly to: string;
    }
  | {
      readonly kind: "routing";
      readonly decision: RoutingDecision;
      readonly dev: string | null;
      readonly detail: string;
    }
  /** A native nftables base chain starts (`nft monitor trace`'s `packet:` line). */
  | {
      readonly kind: "nft-chain";
      readonly at: NativeChainId;
      readonly hook: HookName;
      readonly packet: PacketSnapshot;
      /** The kernel's own trace line, without its `trace id`: `inet fw input packet: iif "eth0" ip saddr ...`. */
      readonly monitor: string;
    }
  /** A native rule whose statements all passed; `at.chain` is the chain it is in (a base or a regular chain). */
  | {
      readonly kind: "nft-rule";
      readonly at: NativeChainId;
      readonly hook: HookName;
      /** 1-based position in its chain, as the trace line says. */
      readonly rule: number;
      /**
       * 1-based position among the chain's native rules: `rule` less iptables' rules when `nft -f` appended the
       * rule to a chain of iptables-nft's table (`table ip filter { chain INPUT { ... } }`).
       */
      readonly nativeRule: number;
      readonly handle: number | null;
      readonly verdict: TraceVerdict;
      readonly missedFrom: number;
      /** `inet fw input rule tcp dport 22 accept (verdict accept)`. */
      readonly monitor: string;
      readonly packet?: PacketSnapshot;
    }
  /** A native base chain's policy decided (`at.chain` is the base chain). */
  | {
      readonly kind: "nft-policy";
      readonly at: NativeChainId;
      readonly hook: HookName;
      readonly verdict: "ACCEPT" | "DROP";
      readonly missedFrom: number;
      readonly monitor: string;
    }
  | { readonly kind: "hook"; readonly hook: HookName }
  | { readonly kind: "loopback" }
  | { readonly kind: "response"; readonly index: number; readonly reason: string }
  | { readonly kind: "deliver"; readonly detail: string }
  | { readonly kind: "egress"; readonly dev: string; readonly header: string }
  | { readonly kind: "drop"; readonly reason: string }
  | { readonly kind: "warning"; readonly message: string }
  | { readonly kind: "log"; readonly line: string };

export type ConntrackAction =
  | "new"
  | "found"
  | "related"
  | "invalid"
  | "untracked"
  | "confirmed"
  | "skipped"
  | "deleted"
  /** The entry's timeout passed before this packet: it is gone (`entry` is how it last stood). */
  | "expired"
  /** The table was full: `early_drop()` evicted this non-assured entry to make room. */
  | "early-drop"
  /** The table was full and every entry ASSURED: conntrack drops the packet. */
  | "table-full"
  /** TCP window tracking (`tcp_in_window`) found the segment outside the window: INVALID. */
  | "out-of-window";

export type RoutingDecision =
  | "local"
  | "forward"
  | "output"
  | "reroute"
  | "no-route"
  | "blackhole"
  | "unreachable"
  | "forwarding-disabled"
  | "martian"
  /** 127.0.0.0/8 as the destination of a packet from the wire, with `route_localnet` 0. */
  | "martian-destination"
  /** The reverse-path filter (`rp_filter`) refused the source. */
  | "rp-filter"
  /** A multicast group the host has not joined: dropped (the host routes no multicast). */
  | "not-joined"
  | "ttl-exceeded";

export interface Egress {
  readonly dev: string;
  readonly header: string;
  /** TCP flag letters; absent for udp and icmp. */
  readonly flags?: string;
  readonly ttl: number;
  readonly tos: number;
  /** An ICMP query (echo request or reply, timestamp...): its identifier and sequence number. */
  readonly icmpId?: number;
  readonly icmpSeq?: number;
  /** An ICMP error: the header it quotes, as `header` prints one (after NAT translated it). */
  readonly inner?: string;
}

/** The outcome of one packet: the scenario's own or one the host sent in answer. */
export interface PacketOutcome {
  /** Kernel-style trace lines (`nat:PREROUTING:rule:1:ACCEPT`). */
  readonly trace: readonly string[];
  /** Each distinct header the packet had when it entered a base chain, in order. */
  readonly headers: readonly string[];
  readonly fate: Fate;
  readonly egress: Egress | null;
  /** For a local packet the host refused to send: the errno text sendto() returns. */
  readonly sendError?: string;
  /** The whole path, for playback and explanation. */
  readonly steps: readonly Step[];
  readonly warnings: readonly string[];
  /** Set when a REJECT rule ended the packet: its fate stays "dropped", as the kernel's trace says. */
  readonly rejectedWith?: Rejection;
}

/**
 * What a REJECT rule did besides dropping: the answer it chose (`--reject-with`) and whether one left. The
 * kernel sends none for a tcp-reset on a packet that is not TCP, about an ICMP error, to a broadcast, or
 * when the ICMP rate limit holds it back.
 */
export interface Rejection {
  readonly with: RejectWith;
  /** A TCP RST, or an ICMP error with the type and code the rule chose. */
  readonly answer:
    | { readonly kind: "tcp-reset" }
    | { readonly kind: "icmp"; readonly type: number; readonly code: number };
  /** 0-based index among the result's responses of the answer it sent; null when none was sent. */
  readonly response: number | null;
}

/**
 * Who made an answer: the host's own stack as a socket or the ICMP layer would (SYN-ACK, ACK, RST of a
 * closed port, port unreachable, echo reply), a REJECT rule, or routing (no route, TTL exceeded, redirect).
 */
export type ResponseOrigin = "local-stack" | "reject" | "routing";

/** A packet the host itself sent (REJECT's answer, a SYN-ACK, an ICMP error...). */
export interface ResponseOutcome extends PacketOutcome {
  readonly origin: ResponseOrigin;
  /** 1-based index of the scenario packet that caused it. */
  readonly afterPacket: number;
  readonly header: string;
  readonly flags?: string;
  readonly reason: string;
}

/** Per-rule and per-policy counters, like `iptables -L -v`: only the ones that counted something. */
export interface CounterEntry {
  readonly table: TableName;
  readonly chain: string;
  /** 1-based rule position, or "policy". */
  readonly rule: number | "policy";
  readonly packets: number;
  readonly bytes: number;
}

/** A native rule's or base chain's counter, as `nft list ruleset` would show it: only those that counted. */
export interface NftCounterEntry {
  readonly at: NativeChainId;
  /** 1-based rule position, or "policy". */
  readonly rule: number | "policy";
  readonly handle: number | null;
  readonly packets: number;
  readonly bytes: number;
}

export interface SimulationResult {
  readonly packets: readonly PacketOutcome[];
  readonly responses: readonly ResponseOutcome[];
  /** `conntrack -L` after the last packet, sorted, without timeouts. */
  readonly conntrack: readonly string[];
  /** The same entries after the last packet, oldest first, with their timeouts. */
  readonly conntrackTable: readonly ConntrackEntryView[];
  readonly counters: readonly CounterEntry[];
  /** Counters of native nftables rules and policies. */
  readonly nftCounters: readonly NftCounterEntry[];
}

/** A conntrack entry as a listing shows it at one moment. */
export interface ConntrackEntryView {
  /** As in `conntrack`: the `conntrack -L` line without protocol number, timeout and `use=`. */
  readonly entry: string;
  /** Whole seconds left before the entry times out. */
  readonly timeout: number;
  /** Milliseconds left before it times out, for listing it again later (`conntrackLater`). */
  readonly expiresIn: number;
  /** The line of `/proc/net/nf_conntrack`. */
  readonly proc: string;
}
