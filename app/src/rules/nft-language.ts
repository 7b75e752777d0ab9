import { StreamLanguage } from "@codemirror/language";

/** nft's statement and command words, highlighted as keywords (from nft(8)); whole words only. */
const KEYWORDS = new RegExp(
  `^(?:${[
    "table",
    "chain",
    "rule",
    "set",
    "map",
    "flowtable",
    "element",
    "elements",
    "add",
    "insert",
    "create",
    "delete",
    "flush",
    "list",
    "define",
    "redefine",
    "include",
    "type",
    "hook",
    "priority",
    "policy",
    "device",
    "devices",
    "flags",
    "timeout",
    "size",
    "comment",
    "handle",
    "position",
    "typeof",
    "counter",
    "packets",
    "bytes",
    "log",
    "prefix",
    "level",
    "group",
    "limit",
    "rate",
    "burst",
    "over",
    "quota",
    "notrack",
    "reject",
    "with",
    "tcp-reset",
    "dnat",
    "snat",
    "masquerade",
    "redirect",
    "to",
    "random",
    "persistent",
    "fully-random",
    "vmap",
    "numgen",
    "inc",
    "mod",
    "offset",
    "jhash",
    "seed",
    "fib",
    "symhash",
    "ct",
    "meta",
    "mark",
    "state",
    "status",
    "direction",
    "zone",
    "original",
    "reply",
    "saddr",
    "daddr",
    "sport",
    "dport",
    "protocol",
    "l4proto",
    "nfproto",
    "iif",
    "oif",
    "iifname",
    "oifname",
    "iiftype",
    "oiftype",
    "pkttype",
    "length",
    "ttl",
    "dscp",
    "id",
    "th",
    "icmp",
    "icmpv6",
    "icmpx",
    "code",
    "auto-merge",
    "interval",
    "constant",
    "dynamic",
    "queue",
    "num",
    "bypass",
    "fanout",
    "ruleset",
  ].join("|")})$`,
);
const VERDICTS = /^(?:accept|drop|continue|return|jump|goto)$/;
const FAMILIES_AND_HOOKS =
  /^(?:ip|ip6|inet|bridge|netdev|arp|prerouting|input|forward|output|postrouting|ingress|egress)$/;

/**
 * nft's language as `nft list ruleset` prints it and `nft -f` reads it: comments, strings, families, verdicts,
 * addresses and numbers, `@set` and `$variable` references. Only colours: the parser in @nfx/nftables says
 * what is wrong, and its diagnostics are what the editor underlines.
 */
export const nftLanguage = StreamLanguage.define<{ readonly _: null }>({
  name: "nft",
  startState: () => ({ _: null }),
  token(stream) {
    if (stream.eatSpace()) return null;
    if (stream.match(/^#.*/)) return "comment";
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return "string";
    if (stream.match(/^[@$][\w.-]+/)) return "variableName";
    if (stream.match(/^[{}();,:]/)) return "punctuation";
    if (stream.match(/^(==|!=|<=|>=|[<>!&|^.*=-])/)) return "operator";
    // An address before a number: 10.0.0.0/8, 192.168.1.1-192.168.1.9, fe80::1/64.
    if (stream.match(/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?/)) return "number";
    if (stream.match(/^[0-9a-fA-F]*:[0-9a-fA-F:]*:[0-9a-fA-F:]*(\/\d{1,3})?(?=[\s,;}]|$)/)) return "number";
    if (stream.match(/^(0x[0-9a-fA-F]+|\d+[a-z]*)/)) return "number";
    const word = stream.match(/^[A-Za-z_][\w-]*/) as RegExpMatchArray | null;
    if (!word) {
      stream.next();
      return null;
    }
    const w = word[0];
    if (VERDICTS.test(w)) return "keyword";
    if (FAMILIES_AND_HOOKS.test(w)) return "propertyName";
    if (KEYWORDS.test(w)) return "keyword";
    return "variableName";
  },
  languageData: { commentTokens: { line: "#" } },
});
