import type { Cidr, Ipv4 } from "./addresses";

/**
 * A match module with its options, as given after `-m NAME` (or implied by `-p tcp|udp|icmp`).
 * Each option that iptables lets you negate carries its own `invert`, because `! --dport 22` and
 * `-m tcp ! --sport 1 --dport 2` negate single options, not the whole module.
 */
export type Match =
  | TcpMatch
  | UdpMatch
  | IcmpMatch
  | MultiportMatch
  | IprangeMatch
  | ConntrackMatch
  | StateMatch
  | MarkMatch
  | ConnmarkMatch
  | CommentMatch
  | AddrtypeMatch
  | StatisticMatch
  | LimitMatch
  | LengthMatch
  | TtlMatch
  | TosMatch
  | DscpMatch
  | MacMatch
  | OwnerMatch
  | PkttypeMatch
  | EcnMatch
  | UnsupportedMatch;

/** The name after `-m`, one per kind of match: tables keyed by it must list every module. */
export type MatchModuleName = Match["module"];

/** An inclusive port range; a single port has `from === to`. */
export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export interface Negatable<T> {
  readonly value: T;
  readonly invert: boolean;
}

/** TCP flag bits as on the wire (FIN=1, SYN=2, RST=4, PSH=8, ACK=16, URG=32; `--tcp-flags` names only these six). */
export interface TcpFlagsTest {
  readonly mask: number;
  readonly comp: number;
}

export interface TcpMatch {
  readonly module: "tcp";
  readonly sport?: Negatable<PortRange>;
  readonly dport?: Negatable<PortRange>;
  /** `--syn` is stored as the flags test it means (`FIN,SYN,RST,ACK SYN`), as iptables-save prints it. */
  readonly flags?: Negatable<TcpFlagsTest>;
  readonly option?: Negatable<number>;
}

export interface UdpMatch {
  readonly module: "udp";
  readonly sport?: Negatable<PortRange>;
  readonly dport?: Negatable<PortRange>;
}

export interface IcmpMatch {
  readonly module: "icmp";
  /** `any` matches every type; otherwise a type with an optional code range (`3/3`, `8`). */
  readonly type: Negatable<{ readonly type: number | "any"; readonly codeMin: number; readonly codeMax: number }>;
}

export interface MultiportMatch {
  readonly module: "multiport";
  readonly direction: "src" | "dst" | "any";
  readonly ports: Negatable<readonly PortRange[]>;
}

export interface AddressRange {
  readonly from: Ipv4;
  readonly to: Ipv4;
}

export interface IprangeMatch {
  readonly module: "iprange";
  readonly src?: Negatable<AddressRange>;
  readonly dst?: Negatable<AddressRange>;
}

/** Bits of `--ctstate` / `--state`, in the order iptables-save prints them. */
export const CT_STATES = ["INVALID", "NEW", "RELATED", "ESTABLISHED", "UNTRACKED", "SNAT", "DNAT"] as const;
export type CtState = (typeof CT_STATES)[number];

/** Bits of `--ctstatus`, in the order iptables-save prints them. */
export const CT_STATUSES = ["NONE", "EXPECTED", "SEEN_REPLY", "ASSURED", "CONFIRMED"] as const;
export type CtStatus = (typeof CT_STATUSES)[number];

export interface ConntrackMatch {
  readonly module: "conntrack";
  readonly state?: Negatable<readonly CtState[]>;
  readonly status?: Negatable<readonly CtStatus[]>;
  readonly direction?: "ORIGINAL" | "REPLY";
  readonly proto?: Negatable<number>;
  readonly origSrc?: Negatable<Cidr>;
  readonly origDst?: Negatable<Cidr>;
  readonly replSrc?: Negatable<Cidr>;
  readonly replDst?: Negatable<Cidr>;
  readonly origSrcPort?: Negatable<PortRange>;
  readonly origDstPort?: Negatable<PortRange>;
  readonly replSrcPort?: Negatable<PortRange>;
  readonly replDstPort?: Negatable<PortRange>;
  /** `--ctexpire min[:max]`: the entry's remaining lifetime in whole seconds, inclusive. */
  readonly expire?: Negatable<{ readonly min: number; readonly max: number }>;
}

export interface StateMatch {
  readonly module: "state";
  readonly state: Negatable<readonly CtState[]>;
}

export interface MarkMatch {
  readonly module: "mark";
  readonly mark: Negatable<{ readonly value: number; readonly mask: number }>;
}

export interface ConnmarkMatch {
  readonly module: "connmark";
  readonly mark: Negatable<{ readonly value: number; readonly mask: number }>;
}

export interface CommentMatch {
  readonly module: "comment";
  readonly comment: string;
}

export const ADDRESS_TYPES = [
  "UNSPEC",
  "UNICAST",
  "LOCAL",
  "BROADCAST",
  "ANYCAST",
  "MULTICAST",
  "BLACKHOLE",
  "UNREACHABLE",
  "PROHIBIT",
  "THROW",
  "NAT",
  "XRESOLVE",
] as const;
export type AddressType = (typeof ADDRESS_TYPES)[number];

export interface AddrtypeMatch {
  readonly module: "addrtype";
  readonly srcType?: Negatable<readonly AddressType[]>;
  readonly dstType?: Negatable<readonly AddressType[]>;
  readonly limitIfaceIn: boolean;
  readonly limitIfaceOut: boolean;
}

export type StatisticMatch =
  | {
      readonly module: "statistic";
      readonly mode: "random";
      readonly invert: boolean;
      /** As written (`0.33333333349`), because iptables-save prints 11 decimals of the kernel's 2^31 fraction. */
      readonly probability: number;
    }
  | {
      readonly module: "statistic";
      readonly mode: "nth";
      readonly invert: boolean;
      readonly every: number;
      readonly packet: number;
    };

export interface LimitMatch {
  readonly module: "limit";
  /** The rate as iptables-save prints it: a count per unit. */
  readonly rate: { readonly count: number; readonly unit: "second" | "minute" | "hour" | "day" };
  readonly burst: number;
}

export interface LengthMatch {
  readonly module: "length";
  readonly length: Negatable<{ readonly min: number; readonly max: number }>;
}

export interface TtlMatch {
  readonly module: "ttl";
  readonly op: "eq" | "ne" | "lt" | "gt";
  readonly value: number;
}

export interface TosMatch {
  readonly module: "tos";
  readonly tos: Negatable<{ readonly value: number; readonly mask: number }>;
}

export interface DscpMatch {
  readonly module: "dscp";
  readonly dscp: Negatable<number>;
}

export interface MacMatch {
  readonly module: "mac";
  /** Lower-case colon form, zero-padded (`02:00:00:00:00:01`). */
  readonly source: Negatable<string>;
}

export interface OwnerMatch {
  readonly module: "owner";
  readonly uid?: Negatable<{ readonly min: number; readonly max: number }>;
  readonly gid?: Negatable<{ readonly min: number; readonly max: number }>;
  /**
   * `--suppl-groups`: the gid test also looks at the process's supplementary groups. A scenario's process has
   * none, so the test stays the primary gid's.
   */
  readonly supplGroups?: true;
  readonly socketExists?: Negatable<true>;
}

/** `skb->pkt_type` as `-m pkttype` names it: to this host, to every host on the link, to a group. */
export const PKT_TYPES = ["unicast", "broadcast", "multicast"] as const;
export type PktType = (typeof PKT_TYPES)[number];

export interface PkttypeMatch {
  readonly module: "pkttype";
  readonly pktType: Negatable<PktType>;
}

/** `-m ecn`: the TCP header's ECE and CWR flags and the IP header's ECN field (the TOS byte's low two bits). */
export interface EcnMatch {
  readonly module: "ecn";
  readonly ece?: Negatable<true>;
  readonly cwr?: Negatable<true>;
  /** 0-3: Not-ECT, ECT(1), ECT(0), CE. */
  readonly ipEct?: Negatable<number>;
}

/**
 * A module the engine does not model (set, physdev, recent, hashlimit, ...). The rule is kept and printed
 * back as written; a packet that reaches it gets a warning and the match counts as not matching.
 */
export interface UnsupportedMatch {
  readonly module: "unsupported";
  readonly name: string;
  /** The tokens after `-m NAME`, as written, negations included. */
  readonly args: readonly string[];
}
