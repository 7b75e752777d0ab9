/** Which language a ruleset text is written in, so `nfx fmt` and `nfx check` can pick the parser. */
export type RulesetLanguage = "iptables-save" | "nft" | "nft-json";

/**
 * Looks at the first meaningful line: `{` starts nft's JSON; `*table`, `:CHAIN`, `-A` or an `iptables` command
 * is iptables; `table`, `flush`, `add`, `define`... are nft. An empty or unclear text counts as iptables-save,
 * the explorer's first language.
 */
export function detectRulesetLanguage(text: string): RulesetLanguage {
  // Line by line with indexOf: splitting a node's 75 MB dump into 700,000 strings to read its first line costs.
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === "" || line.startsWith("#")) continue;
    if (line.startsWith("{") || line.startsWith("[")) return "nft-json";
    if (/^(\*|:|-[AIN]\b|COMMIT\b|iptables)/.test(line)) return "iptables-save";
    if (/^(table|flush|add|insert|create|define|redefine|include|chain|set|map|delete)\b/.test(line)) return "nft";
    return "iptables-save";
  }
  return "iptables-save";
}
