import {
  chainRuleCount,
  checkRuleset,
  formatRuleBody,
  formatRuleset,
  formatRulesetAsCommands,
  type ParseResult,
} from "@nfx/iptables-save";
import { chainNamed } from "@nfx/model";
import { applyEdit, editedText, kubeService, type RulesetEdit, searchChains, searchRules } from "@nfx/ruleset-edit";
import { searchNftRules } from "./nft-search";
import type { RulesQuery, RulesQueryAnswer } from "./rules-query";
import type { RulesetCache } from "./ruleset-cache";
import { INLINE_RULESET_BYTES } from "./ruleset-source";
import { diagnosticViews } from "./ruleset-views";
import { servicePage } from "./service-page";

/** Every rule of a parse, counted without reading any chain (cache it with `RulesetCache.derived`). */
function countRules(parsed: ParseResult): number {
  let n = 0;
  for (const t of parsed.ruleset.tables) for (const c of t.chains) n += chainRuleCount(c);
  return n;
}

/** The text of an edited ruleset, printed as the original was (header, footer, counters kept). */
function printLike(parsed: ParseResult, ruleset: ParseResult["ruleset"]): string {
  return formatRuleset(ruleset, { header: parsed.header, footer: parsed.footer, counters: parsed.ruleCounters });
}

/**
 * An edit of a ruleset too large for the page (a node's dump), written into its text where it is and checked as
 * text: printing 700,000 lines again and building every rule of the table for the whole-table check took ~8 s.
 * Null when that cannot be done (the edit renames or deletes a chain, the text is not plain iptables-save) or
 * the check finds an error: the general path then applies the edit and says why iptables refuses it.
 */
function editInPlace(parsed: ParseResult, text: string, edit: RulesetEdit): RulesQueryAnswer | null {
  const r = applyEdit(parsed.ruleset, edit, { checkTable: false });
  if (!r.ok) return { kind: "edit", ok: false, reason: r.reason };
  const out = editedText(text, edit, parsed.ruleset, r.ruleset, parsed.ruleCounters);
  if (out === null || checkRuleset(out).diagnostics.some((d) => d.severity === "error")) return null;
  return { kind: "edit", ok: true, text: out };
}

/** A `parse` query's answer: the parse's diagnostics (so far, for a parse still being checked) and size. */
export function parseAnswer(parsed: ParseResult, cache: RulesetCache): Extract<RulesQueryAnswer, { kind: "parse" }> {
  const ruleCount = cache.derived(parsed, countRules);
  return { kind: "parse", diagnostics: diagnosticViews(parsed.diagnostics), format: parsed.format, ruleCount };
}

/** Answers one query from an engine's own `cache`; never throws. Runs in the worker, or in-process in tests. */
export function answerQuery(q: RulesQuery, cache: RulesetCache): RulesQueryAnswer {
  try {
    switch (q.kind) {
      case "parse":
        return parseAnswer(cache.parse(q.text), cache);
      case "parse-nft": {
        const view = cache.nftView(cache.parseNft(q.text));
        return { kind: "parse-nft", diagnostics: view.diagnostics, language: view.language, ruleCount: view.ruleCount };
      }
      case "edit": {
        const parsed = cache.parse(q.text);
        const inPlace = q.text.length > INLINE_RULESET_BYTES ? editInPlace(parsed, q.text, q.edit) : null;
        if (inPlace) return inPlace;
        const r = applyEdit(parsed.ruleset, q.edit);
        if (!r.ok) return { kind: "edit", ok: false, reason: r.reason };
        return { kind: "edit", ok: true, text: printLike(parsed, r.ruleset) };
      }
      case "export": {
        // Printed with its counters, which only the full check knows: it finishes now if it has not.
        const parsed = cache.currentAt(q.revision, true);
        if (!parsed) return { kind: "stale", revision: q.revision };
        const text = q.as === "save" ? printLike(parsed, parsed.ruleset) : formatRulesetAsCommands(parsed.ruleset);
        return { kind: "export", text };
      }
      case "rows": {
        const parsed = cache.currentAt(q.revision);
        if (!parsed) return { kind: "stale", revision: q.revision };
        const table = parsed.ruleset.tables.find((t) => t.name === q.table);
        // By name, not by a walk: a scroll through a node's chain asks for rows many times.
        const chain = table ? chainNamed(table, q.chain) : undefined;
        const rules = chain?.rules.slice(Math.max(0, q.from), Math.max(0, q.to)) ?? [];
        return {
          kind: "rows",
          from: q.from,
          rows: rules.map((rule) => ({ text: `-A ${q.chain}${formatRuleBody(rule)}`, rule })),
        };
      }
      case "search": {
        const parsed = cache.currentAt(q.revision);
        if (!parsed) return { kind: "stale", revision: q.revision };
        const nftParse = cache.currentNftAt(q.revision)?.parse ?? null;
        const nft = nftParse ? searchNftRules(cache.nftView(nftParse), q.text, q.limit) : { hits: [], total: 0 };
        return { kind: "search", ...searchRules(cache.searchIndex(parsed), q.text, q.limit), nft };
      }
      case "chains": {
        const parsed = cache.currentAt(q.revision);
        if (!parsed) return { kind: "stale", revision: q.revision };
        return { kind: "chains", ...searchChains(cache.searchIndex(parsed), q.text, q.limit, q.table) };
      }
      case "kube": {
        const parsed = cache.currentAt(q.revision);
        if (!parsed) return { kind: "stale", revision: q.revision };
        const table = parsed.ruleset.tables.find((t) => t.name === q.table);
        return { kind: "kube", service: table ? kubeService(table, q.chain) : null };
      }
      case "kube-services": {
        const parsed = cache.currentAt(q.revision);
        if (!parsed) return { kind: "stale", revision: q.revision };
        const nat = parsed.ruleset.tables.find((t) => t.name === "nat");
        const { page, total, offset } = servicePage(cache.kubeServices(parsed), q.text, q.offset, q.limit);
        // Endpoints are read for the page only: a node's whole directory would read 400,000 rules.
        const services = page.flatMap((entry) => {
          const svc = nat ? kubeService(nat, entry.chain) : null;
          return svc
            ? [{ ...svc, ...entry, name: entry.name ?? svc.name, clusterIp: entry.clusterIp ?? svc.clusterIp }]
            : [];
        });
        return { kind: "kube-services", services, total, offset };
      }
      case "kube-nft": {
        const current = cache.currentNftAt(q.revision);
        if (!current) return { kind: "stale", revision: q.revision };
        const all = current.parse ? cache.kubeNftServices(current.parse) : [];
        const { page, total, offset } = servicePage(all, q.text, q.offset, q.limit);
        return { kind: "kube-nft", services: page, total, offset };
      }
    }
  } catch (e) {
    return { kind: "failed", message: e instanceof Error ? e.message : String(e) };
  }
}

export { countRules };
