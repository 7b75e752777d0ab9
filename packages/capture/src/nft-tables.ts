/**
 * The host's native nftables tables, from `nft -a list ruleset`: every table except iptables-nft's own, whose
 * rules come from `iptables-save` (the nft view of them would be the same rules a second time, some as xt
 * compat expressions). Handles are kept, so that a kernel trace of this host (`nft monitor trace`, which names
 * rules by handle) maps onto the captured rules.
 */
import { parseNft } from "@nfx/nftables";

/** The tables iptables-nft (and ip6tables-nft) creates, by name. */
const IPTABLES_TABLES = new Set(["filter", "nat", "mangle", "raw", "security"]);

export interface NftTableText {
  readonly family: string;
  readonly name: string;
  /** The table's block as nft printed it, from `table ...{` to its closing `}`. */
  readonly text: string;
  /** nft (1.0.7 and later) says so inside the table: "# Warning: table ip filter is managed by iptables-nft". */
  readonly markedIptablesNft: boolean;
}

/** `nft list ruleset` -> its top-level table blocks (nft prints each from a line `table F N {` to a line `}`). */
export function splitTables(text: string): NftTableText[] {
  const out: NftTableText[] = [];
  let open: { family: string; name: string; lines: string[] } | null = null;
  for (const line of text.split("\n")) {
    const start = /^table (\S+) (\S+) \{/.exec(line);
    if (!open && start) {
      open = { family: start[1]!, name: start[2]!.replace(/^"|"$/g, ""), lines: [line] };
      continue;
    }
    if (!open) continue;
    open.lines.push(line);
    if (line === "}") {
      const body = open.lines.join("\n");
      out.push({
        family: open.family,
        name: open.name,
        text: body,
        markedIptablesNft: /^\s*# Warning: table \S+ \S+ is managed by iptables-nft/m.test(body),
      });
      open = null;
    }
  }
  return out;
}

/** The tables `iptables-save` printed (`*filter`); a table it could not print is native nft (`incompatible`). */
function savedTables(iptablesSave: string): Set<string> {
  return new Set([...iptablesSave.matchAll(/^\*(\S+)$/gm)].map((m) => m[1]!));
}

/**
 * The native tables of `nftText` that the engine simulates (families ip and inet), as one nft text, or ""
 * when there are none; the others are named in warnings.
 */
export function nativeNftables(nftText: string, iptablesSave: string, warn: (m: string) => void): string {
  const saved = savedTables(iptablesSave);
  const kept: string[] = [];
  const notSimulated: string[] = [];
  for (const t of splitTables(nftText)) {
    const iptablesName = IPTABLES_TABLES.has(t.name);
    if (t.markedIptablesNft || (t.family === "ip" && iptablesName && saved.has(t.name))) continue;
    if (t.family === "ip6" && iptablesName) continue; // ip6tables: covered by the IPv6 note
    if (t.family === "ip" || t.family === "inet") kept.push(t.text);
    else notSimulated.push(`${t.family} ${t.name}`);
  }
  if (notSimulated.length)
    warn(`nftables tables of families the explorer does not simulate, not captured: ${notSimulated.join(", ")}`);
  const text = kept.length ? `${kept.join("\n")}\n` : "";
  if (text) for (const d of parseNft(text).diagnostics) warn(`nftables line ${d.line}: ${d.severity}: ${d.message}`);
  return text;
}
