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
    pasted: "This text is nftables (as `nft list ruleset` prints it), so it went to the nftables text.",
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
  /** kube-proxy's nftables mode read as services (issue 10, item 7), as the KUBE-SVC card reads the iptables mode. */
  kube: {
    title: "Kubernetes services (kube-proxy, nftables mode)",
    numgen: (mode: string, mod: number, chain: string, position: number) =>
      `numgen ${mode} mod ${mod}, rule ${position} of ${chain}`,
    values: "numgen values",
    noEndpoints: (verdict: "reject" | "drop") =>
      `No endpoints: kube-proxy ${verdict === "reject" ? "rejects" : "drops"} new connections to it.`,
    pinned: "Pinned: numgen draws this endpoint's value, so every new connection takes it.",
  },
  /** Why a native rule matched or was passed: the engine's own tests, in words. */
  explain: {
    holds: "holds",
    fails: "fails",
    unknown: "depends on state the step does not keep, or is not simulated",
    packet: (value: string | null) => (value === null ? "the packet has none" : `the packet has ${value}`),
    passed: "passed: a test failed",
    matched: "matched: every test holds",
  },
  /** What a native rule or base chain policy did, for the narration and the trace. */
  step: {
    rule: (table: string, chain: string, rule: number, verdict: string) =>
      `${table} ${chain}: rule ${rule} matched, ${verdictWords(verdict)}.`,
    policy: (table: string, chain: string, verdict: string) =>
      `${table} ${chain}: no rule matched, the policy ${verdict === "DROP" ? "drops the packet" : "accepts it, and the next base chain on this hook still sees it"}.`,
  },
  diagram: {
    legend: "nftables base chain · family table, priority",
    /** A native base chain's cell, under its `family table` strip: the chain and its type. */
    cell: (chain: string, type: string) => `${chain} · ${type}`,
    /** The cell's description after its name (`inet fw input`). */
    title: (priority: number, type: string) => `native nftables base chain, type ${type}, priority ${priority}`,
    help: (family: string, table: string, chain: string, priority: number) =>
      `Native nftables base chain ${chain} of table ${family} ${table}, at priority ${priority}. A hook's cells run in the packet's direction, lowest priority first. Its accept ends only this chain: a later chain on this hook can still drop the packet.`,
  },
};

export type NftStrings = typeof nftEn;

/** nft's verdicts in words: an accept ends only its own base chain (issue 10). */
function verdictWords(v: string): string {
  if (v === "ACCEPT")
    return "accept: this base chain is done, and the next base chain on this hook still sees the packet";
  if (v === "DROP") return "drop: the packet is gone";
  if (v === "CONTINUE") return "the rule does not end the chain, evaluation continues";
  if (v === "RETURN") return "return to the calling chain";
  if (v.startsWith("JUMP:")) return `jump to chain ${v.slice(5)}`;
  if (v.startsWith("GOTO:")) return `go to chain ${v.slice(5)}`;
  return v;
}
