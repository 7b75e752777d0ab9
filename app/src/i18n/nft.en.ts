/** Issue 10: native nftables rulesets in the text view, the rules panel and the diagram. */
export const nftEn = {
  mode: {
    label: "Which ruleset",
    iptables: "iptables-save",
    nft: "nftables",
  },
  text: {
    label: "Ruleset (nftables)",
    empty: "This scenario has no native nftables ruleset. Type one, or paste what `nft list ruleset` prints.",
    applied: (tables: number, rules: number) =>
      `Applied: ${tables === 1 ? "1 table" : `${tables} tables`}, ${rules === 1 ? "1 rule" : `${rules} rules`}.`,
    json: "Read as the JSON of `nft -j list ruleset`.",
    pasted: "What you pasted is nftables (as `nft list ruleset` prints it): it went to the nftables text.",
    discard: "Discard these changes",
  },
  rules: {
    title: "Native nftables",
    none: "No native nftables tables.",
    notSimulated: "kept and shown, not simulated (IPv4 traffic goes through ip and inet tables)",
    regular: "regular chain: reached by jump or goto",
    base: (type: string, hook: string, priority: string, policy: string) =>
      `type ${type} hook ${hook} priority ${priority}; policy ${policy};`,
    rules: (n: number) => (n === 1 ? "1 rule" : `${n} rules`),
    sets: (n: number) => (n === 1 ? "1 named set or map" : `${n} named sets and maps`),
    hits: (n: number) => (n === 1 ? "1 packet" : `${n} packets`),
    search: "Find in nftables rules",
    found: (n: number) => (n === 1 ? "1 rule found" : `${n} rules found`),
    notFound: "No nftables rule contains this.",
  },
  diagram: {
    /** A native base chain's cell, under its `family table` strip: the chain and its type. */
    cell: (chain: string, type: string) => `${chain} · ${type}`,
    /** The cell's description after its name (`inet fw input`). */
    title: (priority: number, type: string) => `native nftables base chain, type ${type}, priority ${priority}`,
    help: (family: string, table: string, chain: string, priority: number) =>
      `Native nftables base chain ${chain} of table ${family} ${table}, at priority ${priority}. A hook's cells run in the packet's direction, lowest priority first. Its accept ends only this chain: a later chain on this hook can still drop the packet.`,
  },
};

export type NftStrings = typeof nftEn;
