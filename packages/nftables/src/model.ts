/**
 * The typed model of an nftables ruleset, as `nft list ruleset` shows it. No parsing, no evaluation: an engine
 * compiles it. Sets keep their elements as data (not closures) so an engine can index them in a hash or an
 * interval tree; nothing here is looked up linearly by design.
 */

/** Where a node was written: 1-based line and column, `endColumn` exclusive, on the node's first line. */
export interface Span {
  readonly line: number;
  readonly column: number;
  readonly endColumn: number;
}

export type Family = "ip" | "ip6" | "inet" | "bridge" | "netdev" | "arp";
export const FAMILIES: readonly Family[] = ["ip", "ip6", "inet", "bridge", "netdev", "arp"];
/** The families whose IPv4 traffic the explorer simulates; the others are kept, printed and flagged. */
export function isSimulatedFamily(f: Family): boolean {
  return f === "ip" || f === "inet";
}

export interface Ruleset {
  readonly tables: readonly Table[];
}

export interface Table {
  readonly family: Family;
  readonly name: string;
  readonly handle: number | null;
  readonly comment: string | null;
  /** Named sets and maps, in the order nft lists them. */
  readonly sets: readonly NamedSet[];
  readonly chains: readonly Chain[];
  /** false for ip6, bridge, netdev and arp tables: kept and printed, not simulated. */
  readonly simulated: boolean;
  readonly span: Span | null;
}

export type ChainType = "filter" | "nat" | "route";
export type Hook = "prerouting" | "input" | "forward" | "output" | "postrouting" | "ingress" | "egress";
export type PriorityName = "raw" | "mangle" | "dstnat" | "filter" | "security" | "srcnat" | "out";

/** A base chain's priority: its value, and how it was written so it prints back the same way. */
export type Priority =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "named"; readonly name: PriorityName; readonly offset: number; readonly value: number };

export interface BaseChainSpec {
  readonly type: ChainType;
  readonly hook: Hook;
  readonly priority: Priority;
  readonly policy: "accept" | "drop";
  /** Only for ingress/egress (netdev, inet ingress). */
  readonly devices: readonly string[];
}

export interface Chain {
  readonly name: string;
  readonly handle: number | null;
  readonly comment: string | null;
  /** null: a regular chain, reached only by jump or goto. */
  readonly base: BaseChainSpec | null;
  readonly rules: readonly Rule[];
  readonly span: Span | null;
}

export interface Rule {
  readonly handle: number | null;
  readonly comment: string | null;
  /** Matches and statements in the order written: nft evaluates them left to right. */
  readonly body: readonly Statement[];
  readonly span: Span | null;
}

// ---------------------------------------------------------------- expressions (what a rule reads)

export type PayloadField =
  | { readonly proto: "ip"; readonly field: "saddr" | "daddr" | "protocol" | "ttl" | "length" | "dscp" | "id" }
  | { readonly proto: "ip6"; readonly field: "saddr" | "daddr" | "nexthdr" | "hoplimit" }
  | { readonly proto: "tcp"; readonly field: "sport" | "dport" | "flags" }
  | { readonly proto: "udp"; readonly field: "sport" | "dport" | "length" }
  | { readonly proto: "th"; readonly field: "sport" | "dport" }
  | { readonly proto: "icmp"; readonly field: "type" | "code" }
  | { readonly proto: "icmpv6"; readonly field: "type" | "code" }
  | { readonly proto: "ether"; readonly field: "saddr" | "daddr" | "type" };

export type MetaKey =
  | "l4proto"
  | "nfproto"
  | "iif"
  | "oif"
  | "iifname"
  | "oifname"
  | "iiftype"
  | "oiftype"
  | "mark"
  | "pkttype"
  | "protocol"
  | "length"
  | "skuid"
  | "skgid";

export type CtKey = "state" | "status" | "mark" | "direction" | "zone" | "expiration" | "helper" | "l3proto";
export type CtDirKey = "saddr" | "daddr" | "proto-src" | "proto-dst" | "protocol";

export type FibFlag = "saddr" | "daddr" | "mark" | "iif" | "oif";
export type FibResult = "oif" | "oifname" | "type";

export type Expr =
  | ({ readonly kind: "payload" } & PayloadField)
  | { readonly kind: "meta"; readonly key: MetaKey }
  | { readonly kind: "ct"; readonly key: CtKey }
  /** `ct original saddr`; nft lists `ct original ip saddr` in inet tables, hence the optional family. */
  | {
      readonly kind: "ct-dir";
      readonly dir: "original" | "reply";
      readonly family: "ip" | "ip6" | null;
      readonly key: CtDirKey;
    }
  | { readonly kind: "fib"; readonly flags: readonly FibFlag[]; readonly result: FibResult }
  | { readonly kind: "numgen"; readonly mode: "inc" | "random"; readonly mod: number; readonly offset: number }
  | {
      readonly kind: "jhash";
      readonly of: Expr;
      readonly mod: number;
      readonly seed: number | null;
      readonly offset: number;
    }
  | { readonly kind: "concat"; readonly parts: readonly Expr[] }
  /** `meta mark & 0xff`, `meta mark | 0x4000`: a masked or modified value. */
  | { readonly kind: "binop"; readonly op: "&" | "|" | "^"; readonly left: Expr; readonly right: Value }
  /** `ip saddr map { ... }`, `ip daddr . tcp dport map @m`: a lookup whose result is data. */
  | { readonly kind: "map"; readonly key: Expr; readonly map: SetValue };

// ---------------------------------------------------------------- values (what a rule compares with)

/**
 * A constant. `text` is kept for symbols (`established`, `tcp`, `echo-request`, `"eth*"` as `string`);
 * numbers are numbers so `0x4000` and `16384` are the same value, printed as the left side's type prints them.
 */
export type Atom =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "symbol"; readonly name: string }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "ipv4"; readonly text: string }
  | { readonly kind: "ipv6"; readonly text: string };

export type Value =
  | { readonly kind: "atom"; readonly atom: Atom }
  | { readonly kind: "prefix"; readonly addr: Atom; readonly len: number }
  | { readonly kind: "range"; readonly from: Atom; readonly to: Atom }
  /** `established,related`, `syn,ack`: several bits of a bitmask type. */
  | { readonly kind: "flags"; readonly names: readonly string[] }
  | { readonly kind: "concat"; readonly parts: readonly Value[] }
  | SetValue;

export type SetValue =
  | { readonly kind: "set"; readonly elements: readonly SetElement[] }
  | { readonly kind: "set-ref"; readonly name: string };

/** One element: a key, and for maps its data (a value or a verdict). */
export interface SetElement {
  readonly key: Value;
  readonly data: Value | Verdict | null;
  readonly comment: string | null;
}

// ---------------------------------------------------------------- statements

export type RelOp = "==" | "!=" | "<" | ">" | "<=" | ">=" | "in";

export type Verdict =
  | { readonly kind: "accept" | "drop" | "continue" | "return" }
  | { readonly kind: "jump" | "goto"; readonly chain: string }
  | { readonly kind: "queue"; readonly num: number | null; readonly flags: readonly string[] };

export type NatKind = "dnat" | "snat" | "masquerade" | "redirect";

export type RejectWith =
  | { readonly kind: "default" }
  | { readonly kind: "tcp-reset" }
  | { readonly kind: "icmp"; readonly family: "icmp" | "icmpv6" | "icmpx"; readonly type: string };

export type Statement =
  /** `ip saddr 10.0.0.0/8`: op "in" is nft's implicit flag test (`ct state established,related`). */
  | { readonly kind: "match"; readonly left: Expr; readonly op: RelOp; readonly right: Value; readonly span: Span }
  | { readonly kind: "verdict"; readonly verdict: Verdict; readonly span: Span }
  | { readonly kind: "vmap"; readonly key: Expr; readonly map: SetValue; readonly span: Span }
  | { readonly kind: "counter"; readonly packets: number; readonly bytes: number; readonly span: Span }
  | {
      readonly kind: "log";
      readonly prefix: string | null;
      readonly level: string | null;
      readonly group: number | null;
      readonly span: Span;
    }
  | {
      readonly kind: "limit";
      readonly over: boolean;
      readonly rate: number;
      readonly unit: "second" | "minute" | "hour" | "day" | "week";
      readonly bytes: string | null;
      readonly burst: number | null;
      readonly burstBytes: string | null;
      readonly span: Span;
    }
  | {
      readonly kind: "quota";
      readonly over: boolean;
      readonly amount: number;
      readonly unit: string;
      readonly used: number | null;
      readonly usedUnit: string | null;
      readonly span: Span;
    }
  /** `meta mark set ...`, `ct mark set ...`, `ct zone set ...`. */
  | {
      readonly kind: "set-field";
      readonly target:
        | { readonly kind: "meta"; readonly key: "mark" }
        | { readonly kind: "ct"; readonly key: "mark" | "zone" };
      readonly value: Expr | Value;
      readonly span: Span;
    }
  | { readonly kind: "notrack"; readonly span: Span }
  | { readonly kind: "reject"; readonly with: RejectWith; readonly span: Span }
  | {
      readonly kind: "nat";
      readonly nat: NatKind;
      /** `ip to` in an inet table; null when nft needs none. */
      readonly family: "ip" | "ip6" | null;
      /** dnat/snat address: a value, or a map lookup; null for masquerade/redirect. */
      readonly addr: Value | Expr | null;
      /** `:port` or `:lo-hi` (redirect `to :port`). */
      readonly port: Value | Expr | null;
      readonly flags: readonly string[];
      readonly span: Span;
    }
  /** Anything this parser does not model: kept verbatim, located, warned; an engine must not treat it as matching. */
  | { readonly kind: "unsupported"; readonly text: string; readonly span: Span };

// ---------------------------------------------------------------- named sets and maps

export type SetFlag = "constant" | "interval" | "timeout" | "dynamic";

export type SetKeyType =
  | { readonly kind: "type"; readonly types: readonly string[] }
  /** `typeof ip saddr . tcp dport` */
  | { readonly kind: "typeof"; readonly exprs: readonly Expr[] };

export interface NamedSet {
  readonly name: string;
  /** "map" when it has data (`: verdict`, `: ipv4_addr`...). */
  readonly isMap: boolean;
  readonly handle: number | null;
  readonly key: SetKeyType;
  /** For a map: the data type (`verdict`, `ipv4_addr . inet_service`), else null. */
  readonly dataType: string | null;
  readonly flags: readonly SetFlag[];
  /** Default element timeout in milliseconds. */
  readonly timeout: number | null;
  readonly size: number | null;
  readonly policy: string | null;
  readonly comment: string | null;
  readonly elements: readonly SetElement[];
  readonly span: Span | null;
}
