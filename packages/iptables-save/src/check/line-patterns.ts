/**
 * The lines a quick check reads itself (quick-check.ts), as regular expressions: iptables-save's own spelling of
 * the commonest rules, with each value written out to the range its maker surely accepts (a subset of
 * fast/range-checks.ts; anything else is a line for the general parser). A regular expression runs as native
 * code from its second use, while a scanner written in JavaScript spent most of a single pass being
 * interpreted and compiled: `nfx check` of kube-5000 went from 0.24 s to 0.15 s of CPU time.
 *
 * Tokens are one space apart and written in iptables-save's order (`-s -d -i -o -p`, then modules, then the
 * target), as iptables-save writes them; names are printable ASCII other than the quote.
 */

/** One to three digits up to 255, leading zeros allowed (scanIpv4). */
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|[01]?\d?\d)`;
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`;
/** `A.B.C.D` or `A.B.C.D/N`, N of one or two digits up to 32 (plainCidr). */
const CIDR = `${IPV4}(?:/(?:3[0-2]|[0-2]?\\d))?`;
/** 1 to 65535 without a leading zero (plainPort). */
const PORT = String.raw`(?:6553[0-5]|655[0-2]\d|65[0-4]\d\d|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3})`;
/** A token: printable ASCII, neither space nor quote. */
const WORD = "[!#-~]";
/** 1 to 15 characters, not `+` alone (which would test nothing). */
const IFACE = `(?!\\+(?: |\\n|$))${WORD}{1,15}`;
const STATE = "(?:INVALID|NEW|RELATED|ESTABLISHED|UNTRACKED|SNAT|DNAT)";
const HEX = "0x[0-9a-f]{1,8}";
/** One address type (addrtype's --src-type, --dst-type). */
const ADDRESS_TYPE =
  "(?:UNSPEC|UNICAST|LOCAL|BROADCAST|ANYCAST|MULTICAST|BLACKHOLE|UNREACHABLE|PROHIBIT|THROW|NAT|XRESOLVE)";
/** `0`, `1`, `0.DIGITS` or `1.000...`, at most 32 characters. */
const PROBABILITY = String.raw`(?:[01]|0\.\d{1,30}|1\.0{1,30})`;

/** The capture groups of {@link RULE_LINE}. */
export const RULE = {
  chain: 1,
  inIface: 2,
  outIface: 3,
  /** The protocol, when not inverted (the tcp and udp modules name it again). */
  proto: 4,
  /** `DNAT --to-destination` or `SNAT --to-source`, before the address. */
  nat: 5,
  /** The port of a DNAT or SNAT address. */
  natPort: 6,
  /** kube-proxy's other targets, with their options: `MARK --set-xmark ...`, `MASQUERADE ...`, `REJECT ...`. */
  extension: 7,
  /** `j` or `g`, before a target or chain's name. */
  jump: 8,
  target: 9,
} as const;

const MODULE = [
  `comment --comment (?:"[ !#-~]{0,255}"|${WORD}{1,255})`,
  // The module is the protocol's own: a back-reference to the protocol's group, set only when not inverted.
  `(?=tcp(?: |\\n|$)|udp(?: |\\n|$))\\${RULE.proto}(?: (?:! )?--sport ${PORT})?(?: (?:! )?--dport ${PORT})?`,
  `statistic --mode random --probability ${PROBABILITY}`,
  `conntrack(?: !)? --ctstate ${STATE}(?:,${STATE})*`,
  `mark(?: !)? --mark ${HEX}(?:/${HEX})?`,
  `addrtype(?: (?:! )?--src-type ${ADDRESS_TYPE}(?: (?:! )?--dst-type ${ADDRESS_TYPE})?| (?:! )?--dst-type ${ADDRESS_TYPE})`,
].join("|");

/** Targets with options that kube-proxy writes, as iptables-save prints them. */
const EXTENSION = [
  `MARK --set-xmark ${HEX}(?:/${HEX})?`,
  "MASQUERADE(?: --random-fully)?",
  "REJECT(?: --reject-with icmp-port-unreachable)?",
].join("|");

/**
 * A rule line, from its start (sticky) to and with its newline. Which targets a chain may use, and which chains
 * exist, are the quick check's to say from the groups ({@link RULE}).
 */
export const RULE_LINE = new RegExp(
  [
    String.raw`(?:\[\d+:\d+\] )?-A (${WORD}+)`,
    `(?: (?:! )?-s ${CIDR})?(?: (?:! )?-d ${CIDR})?`,
    `(?: (?:! )?-i (${IFACE}))?(?: (?:! )?-o (${IFACE}))?`,
    "(?: ! -p (?:tcp|udp|sctp|icmp)| -p (tcp|udp|sctp|icmp))?",
    `(?: -m (?:${MODULE}))*`,
    `(?: -j (DNAT --to-destination|SNAT --to-source) ${IPV4}(?::(${PORT}))?| -j (${EXTENSION})| -([jg]) (${WORD}+))?`,
    "(?:\\n|$)",
  ].join(""),
  "y",
);

/** `:NAME POLICY [p:b]`, as iptables-save declares a chain; group 1 is its name. */
export const CHAIN_LINE = new RegExp(`:(${WORD}+) (?:-|ACCEPT|DROP) \\[\\d+:\\d+\\](?:\\n|$)`, "y");
