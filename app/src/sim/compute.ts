import { hookPlan } from "@nfx/engine";
import { chainRuleCount, formatRuleBody, type ParseResult } from "@nfx/iptables-save";
import type { Chain, TableName } from "@nfx/model";
import { runScenario, toHost } from "@nfx/scenario";
import { countRules } from "./answer-rules-query";
import { CHAINS_IN_VIEW, selectChains, standingChains } from "./chain-selection";
import { isNftPinKey, toNumgenPins } from "./numgen-pins";
import type { ChainView, EndpointPins, SimAnswer } from "./protocol";
import { createRulesetCache, type RulesetCache } from "./ruleset-cache";
import { diagnosticViews } from "./ruleset-views";
import { toStatisticPins } from "./statistic-pins";

/** Above this many rules the chains travel without their rules: copying 80,000 rule models to the page
 * would block it for a second; lists ask the worker for the rows they show instead. */
const INLINE_RULES = 3000;

/** One chain as the page sees it; its rules only when the whole ruleset travels (`inline`). */
export function chainView(table: TableName, c: Chain, inline: boolean): ChainView {
  return {
    table,
    name: c.name,
    policy: c.policy,
    ruleCount: chainRuleCount(c),
    rules: inline ? c.rules.map((rule) => ({ text: `-A ${c.name}${formatRuleBody(rule)}`, rule })) : [],
  };
}

/** 0-based positions of the rules of `table`/`chain` that carry a `statistic` match, in order. */
function statisticRules(parsed: ParseResult, table: string, chain: string): number[] {
  const rules = parsed.ruleset.tables.find((t) => t.name === table)?.chains.find((c) => c.name === chain)?.rules;
  const out: number[] = [];
  rules?.forEach((r, i) => {
    if (r.matches.some((m) => m.module === "statistic")) out.push(i);
  });
  return out;
}

/**
 * The one computation the app asks of the engine: validate, parse, simulate, all packets at once.
 * Runs inside the worker in the app and in-process in tests; it never throws. `texts.ruleset` and
 * `texts.nftables`, when given, replace the scenario's (the worker passes the texts it holds rather than ones
 * copied into every request). `cache` is the calling engine's own (a fresh one when a test calls this alone).
 */
export function computeSimulation(
  revision: number,
  scenario: unknown,
  pins: EndpointPins = {},
  texts: { readonly ruleset?: string; readonly nftables?: string } = {},
  cache: RulesetCache = createRulesetCache(),
): SimAnswer {
  const doc =
    typeof scenario === "object" && scenario !== null
      ? {
          ...scenario,
          ...(texts.ruleset !== undefined ? { ruleset: texts.ruleset } : {}),
          ...(texts.nftables !== undefined ? { nftables: texts.nftables } : {}),
        }
      : scenario;
  try {
    let used: ReadonlyMap<string, boolean> = new Map();
    const run = runScenario(doc, {
      // The row queries read the current parse, also when the simulation then fails.
      // Answered once indexed: the simulation reads the chains it needs, the check of every line goes on in the
      // background (ruleset-cache.ts) and the view says so.
      parse: (text) => {
        const parsed = cache.parseIndexed(text);
        cache.setCurrent(revision, parsed);
        return parsed;
      },
      // The same cached parse serves the engine, the lists and the text view.
      parseNftables: (text) => cache.parseNft(text).parsed,
      rulesetErrors: "run-the-rest",
      statisticPins: (parsed) => {
        const iptables = Object.fromEntries(Object.entries(pins).filter(([key]) => !isNftPinKey(key)));
        used = toStatisticPins(iptables, (table, chain) => statisticRules(parsed, table, chain));
        return used;
      },
      // A pinned endpoint of a kube-proxy nftables service: its chain's numgen draws the pinned value.
      numgenPins: (nft) => toNumgenPins(pins, nft.ruleset),
      // A packet sent adds one at the end of the scenario: only that one is simulated (results as a full run's).
      continueFrom: cache.lastRun(),
    });
    if (run.kind === "invalid-scenario") {
      return { ok: false, revision, error: { code: "invalid-scenario", errors: run.errors } };
    }
    cache.keepRun(run.run);
    const { parsed, result } = run;
    const nftParse = run.scenario.nftables === undefined ? null : cache.parseNft(run.scenario.nftables);
    cache.setCurrentNft(revision, nftParse);
    const nft = nftParse ? cache.nftView(nftParse) : null;
    // What runs at each hook, in the kernel's order, as the engine decides it: the diagram draws this.
    const plan = hookPlan(parsed.ruleset, nftParse?.parsed.ruleset ?? null);
    const ruleCount = cache.derived(parsed, countRules);
    const inline = ruleCount <= INLINE_RULES;
    const chainTotals: Partial<Record<TableName, number>> = {};
    for (const t of parsed.ruleset.tables) chainTotals[t.name] = t.chains.length;
    const complete = Object.values(chainTotals).reduce((n, k) => n + k, 0) <= CHAINS_IN_VIEW;
    const chains = complete
      ? parsed.ruleset.tables.flatMap((table) => table.chains.map((c) => chainView(table.name, c, inline)))
      : selectChains(parsed, result, cache.derived(parsed, standingChains), (table, c) => chainView(table, c, false));
    const diagnostics = diagnosticViews(parsed.diagnostics);
    // The next packet the user sends meets the base chains and what they jump to first: lay them out meanwhile.
    cache.prepareWhenIdle(parsed, toHost(run.scenario));
    return {
      ok: true,
      revision,
      view: {
        chains,
        complete,
        chainTotals,
        inline,
        ruleCount,
        diagnostics,
        validation: cache.validation(parsed),
        nft,
        plan,
        result,
        statisticPins: Object.fromEntries(used),
      },
    };
  } catch (e) {
    return {
      ok: false,
      revision,
      error: { code: "engine-exception", message: e instanceof Error ? e.message : String(e) },
    };
  }
}
