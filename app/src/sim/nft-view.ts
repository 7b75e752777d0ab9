import {
  detectRulesetLanguage,
  formatPriority,
  type ParseResult,
  parseNft,
  parseNftJson,
  printRule,
  priorityForValue,
  type Ruleset,
} from "@nfx/nftables";
import { type DiagnosticView, diagnosticViews } from "./ruleset-views";

/** The scenario's nftables text, parsed: which of nft's two languages it was written in, and what it says. */
export interface NftParse {
  readonly language: "nft" | "nft-json";
  readonly parsed: ParseResult;
}

/** Reads nft text or `nft -j` JSON, as @nfx/nftables detects it; never throws. */
export function parseNftText(text: string): NftParse {
  const language = detectRulesetLanguage(text) === "nft-json" ? "nft-json" : "nft";
  return { language, parsed: language === "nft-json" ? parseNftJson(text) : parseNft(text) };
}

/** A base chain's hook, as the list shows it: what the parser read, with the priority printed as `nft list` does. */
export interface NftBaseView {
  readonly type: string;
  readonly hook: string;
  readonly priority: number;
  /** `filter + 10`, `dstnat`, `-250`: the priority in nft's words. */
  readonly priorityText: string;
  readonly policy: "accept" | "drop";
}

export interface NftRuleView {
  /** The rule as `nft list ruleset` prints it inside its chain. */
  readonly text: string;
  readonly handle: number | null;
  readonly line: number | null;
}

export interface NftChainView {
  readonly name: string;
  /** null: a regular chain, reached only by jump or goto. */
  readonly base: NftBaseView | null;
  readonly rules: readonly NftRuleView[];
}

export interface NftTableView {
  readonly family: string;
  readonly name: string;
  /** false for ip6, bridge, netdev and arp tables: listed, not simulated. */
  readonly simulated: boolean;
  readonly chains: readonly NftChainView[];
  readonly sets: number;
}

/** The native nftables ruleset as lists show it, with the parser's diagnostics (nft's wording, line:column). */
export interface NftView {
  readonly language: "nft" | "nft-json";
  readonly tables: readonly NftTableView[];
  readonly ruleCount: number;
  readonly diagnostics: readonly DiagnosticView[];
  /**
   * The parsed ruleset itself, while it is small enough to copy to the page: rule explanations run there, by the
   * engine's own tests (`explainNftRule`). null for a large ruleset.
   */
  readonly model: Ruleset | null;
}

/** Above this many rules the model stays in the worker (the lists carry printed rules only). */
const MODEL_RULES = 3000;

/** Everything the page shows of a parsed nft ruleset; rules printed here, in the worker, once. */
export function nftViewOf({ language, parsed }: NftParse): NftView {
  let ruleCount = 0;
  const tables = parsed.ruleset.tables.map(
    (t): NftTableView => ({
      family: t.family,
      name: t.name,
      simulated: t.simulated,
      sets: t.sets.length,
      chains: t.chains.map((c): NftChainView => {
        ruleCount += c.rules.length;
        const b = c.base;
        return {
          name: c.name,
          base: b
            ? {
                type: b.type,
                hook: b.hook,
                priority: b.priority.value,
                priorityText: formatPriority(priorityForValue(b.priority.value, t.family, b.hook)),
                policy: b.policy,
              }
            : null,
          rules: c.rules.map((r) => ({ text: printRule(r, t.family), handle: r.handle, line: r.span?.line ?? null })),
        };
      }),
    }),
  );
  const model = ruleCount <= MODEL_RULES ? parsed.ruleset : null;
  return { language, tables, ruleCount, diagnostics: diagnosticViews(parsed.diagnostics), model };
}
