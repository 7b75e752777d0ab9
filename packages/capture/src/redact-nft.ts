/**
 * The words of nft text that a redaction replaces: interface names (`iifname "eth0"`, `oif`, sets of them,
 * a base chain's `devices`), with nft's `*` wildcard, comments and log prefixes. Addresses and MAC addresses
 * are found in nft text as in any text (see redact.ts). Table, chain and set names are kept, as iptables chain
 * names are: they decide where a packet goes.
 */

/**
 * `iifname "eth0"`, `oifname != "veth*"`, `iif { "a", "b" }`, `devices = { "eth0" }`: nft lists every name
 * quoted, and an unquoted word there is a keyword (`fib daddr . iif oif`).
 */
const IFACE_ARGUMENT = /\b(?:iifname|oifname|iif|oif|devices\s*=)\s+(?:!=\s+)?(\{[^}]*\}|"[^"]*")/g;
const QUOTED = /"([^"]*)"/g;
/** `comment "..."` (rules, tables, chains, set elements) and `log prefix "..."` / `log group 2 prefix "..."`. */
const FREE_TEXT = /\b(comment|prefix) "([^"]*)"/g;

/** The interface arguments in nft text, in iptables' spelling (`eth+` for nft's `eth*`). */
export function nftInterfaceArguments(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(IFACE_ARGUMENT)) out.push(...interfaceWords(m[1]!));
  return out;
}

function interfaceWords(argument: string): string[] {
  return [...argument.matchAll(QUOTED)].map((q) => q[1]!).map((w) => (w.endsWith("*") ? `${w.slice(0, -1)}+` : w));
}

/**
 * nft text with each interface argument replaced by `iface(iptablesSpelling)` and each comment and log prefix
 * by `freeText(option, value)`, where option is `--comment` or `--log-prefix`, so that the same text gets the
 * same placeholder as in the iptables ruleset.
 */
export function redactNftText(
  text: string,
  iface: (argument: string) => string,
  freeText: (option: "--comment" | "--log-prefix", value: string) => string,
): string {
  const nftName = (w: string) => {
    const image = iface(w.endsWith("*") ? `${w.slice(0, -1)}+` : w);
    return image.endsWith("+") ? `${image.slice(0, -1)}*` : image;
  };
  return text
    .replace(FREE_TEXT, (_, kind: string, value: string) => {
      const image = freeText(kind === "comment" ? "--comment" : "--log-prefix", value);
      return `${kind} "${image}"`;
    })
    .replace(IFACE_ARGUMENT, (whole: string, argument: string) => {
      const head = whole.slice(0, whole.length - argument.length);
      return head + argument.replace(QUOTED, (_, w: string) => `"${nftName(w)}"`);
    });
}
