/**
 * The rules of nft and iptables-save text by table and chain, with their handles and text, so that a kernel
 * trace event (which names a rule by handle, and prints its text) finds the rule's 1-based position.
 */
import { tableLabel } from "./handles";

export interface ListedRule {
  readonly position: number;
  readonly handle?: number;
  /** The rule as nft or iptables-save prints it, counters and handle left out, spaces collapsed. */
  readonly text: string;
}

/** Key: the trace vocabulary's table (`filter` for family ip, `inet fw` otherwise), then the chain. */
export type RuleListing = Map<string, Map<string, ListedRule[]>>;

/** Rule text compared across the trace and the listing: no counters, no handle, single spaces. */
export function ruleText(text: string): string {
  return text
    .replace(/\s*# handle \d+\s*$/, "")
    .replace(/\bcounter packets \d+ bytes \d+\s*/g, "")
    .replace(/^\[\d+:\d+\]\s*/, "")
    .replace(/\s+/g, " ")
    .trim();
}

function rulesOf(into: RuleListing, table: string, chain: string): ListedRule[] {
  const chains = into.get(table) ?? new Map<string, ListedRule[]>();
  into.set(table, chains);
  const rules = chains.get(chain) ?? [];
  chains.set(chain, rules);
  return rules;
}

function add(into: RuleListing, table: string, chain: string, rule: Omit<ListedRule, "position">): void {
  const rules = rulesOf(into, table, chain);
  rules.push({ ...rule, position: rules.length + 1 });
}

/** `{` minus `}` outside double quotes. */
function braceBalance(line: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === "{") n++;
    else if (!quoted && c === "}") n--;
  }
  return n;
}

/**
 * Adds every rule of `nft -a list ruleset`-style text (handles optional). Lines outside tables are skipped; a
 * rule nft wrapped over several lines (a long anonymous set) is joined first.
 */
export function listNft(text: string, into: RuleListing = new Map()): RuleListing {
  let depth = 0;
  let table = "";
  let chain: string | null = null;
  let pending = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const balance = braceBalance(line);
    const t = depth === 0 ? /^table (\S+) ("[^"]+"|\S+) \{/.exec(line) : null;
    const c = depth === 1 ? /^chain ("[^"]+"|\S+) \{/.exec(line) : null;
    if (t) table = tableLabel(t[1]!, t[2]!.replace(/^"|"$/g, ""));
    if (c) {
      chain = c[1]!.replace(/^"|"$/g, "");
      // A chain without rules is still known: a policy-only base chain.
      rulesOf(into, table, chain);
    }
    const inChain = chain !== null && !c && (depth === 2 || pending !== "");
    depth += balance;
    if (!inChain) continue;
    if (depth < 2) {
      chain = null;
      pending = "";
      continue;
    }
    pending = pending ? `${pending} ${line}` : line;
    if (depth > 2) continue;
    const rule = pending;
    pending = "";
    // Inside a chain, a rule is any line but the base chain's declaration, its policy and comments.
    if (rule === "" || rule.startsWith("#") || /^(type \S+ hook |policy |comment ")/.test(rule)) continue;
    const handle = /# handle (\d+)$/.exec(rule);
    add(into, table, chain!, { text: ruleText(rule), ...(handle ? { handle: Number(handle[1]) } : {}) });
  }
  return into;
}

/** Adds every `-A CHAIN ...` line of iptables-save text (family ip), under its `*table`. */
export function listIptablesSave(text: string, into: RuleListing = new Map()): RuleListing {
  let table: string | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const t = /^\*(\S+)$/.exec(line);
    if (t) {
      table = t[1]!;
      continue;
    }
    const c = /^:(\S+) /.exec(line);
    if (c && table) {
      rulesOf(into, table, c[1]!);
      continue;
    }
    const r = /^(?:\[\d+:\d+\]\s*)?-A (\S+)(.*)$/.exec(line);
    if (r && table) add(into, table, r[1]!, { text: ruleText(`-A ${r[1]}${r[2]}`) });
  }
  return into;
}
