import { checkRuleset, type Diagnostic, formatRuleset, parseRuleset } from "@nfx/iptables-save";
// Only the language test: the nft parsers are loaded for an nft file alone (a third of the parsers' code, which
// `nfx check` of an iptables-save file would otherwise compile at start-up for nothing).
import { detectRulesetLanguage } from "@nfx/nftables/detect";
import { formatDiagnostic } from "../format-diagnostic";
import type { Io } from "../io";

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/** The file read in whichever language it is written in (iptables-save, nft text, nft -j JSON). */
async function parseAny(text: string) {
  const language = detectRulesetLanguage(text);
  switch (language) {
    case "iptables-save": {
      const { ruleset, diagnostics } = parseRuleset(text);
      const chains = ruleset.tables.reduce((n, t) => n + t.chains.length, 0);
      const rules = ruleset.tables.reduce((n, t) => n + t.chains.reduce((m, c) => m + c.rules.length, 0), 0);
      return {
        language,
        diagnostics,
        summary: `${count(ruleset.tables.length, "table")}, ${count(chains, "chain")}, ${count(rules, "rule")}`,
        format: (counters: boolean) => formatRuleset(ruleset, { counters }),
      };
    }
    case "nft":
    case "nft-json": {
      const { parseNft, parseNftJson, printNft } = await import("@nfx/nftables");
      const { ruleset, diagnostics } = language === "nft" ? parseNft(text) : parseNftJson(text);
      const chains = ruleset.tables.reduce((n, t) => n + t.chains.length, 0);
      const rules = ruleset.tables.reduce((n, t) => n + t.chains.reduce((m, c) => m + c.rules.length, 0), 0);
      const sets = ruleset.tables.reduce((n, t) => n + t.sets.length, 0);
      const notSimulated = ruleset.tables.filter((t) => !t.simulated).map((t) => `${t.family} ${t.name}`);
      const summary =
        `${count(ruleset.tables.length, "table")}, ${count(chains, "chain")}, ${count(rules, "rule")}, ` +
        `${count(sets, "set")} (nft${language === "nft-json" ? " JSON" : ""})` +
        (notSimulated.length ? `; kept but not simulated: ${notSimulated.join(", ")}` : "");
      return { language, diagnostics, summary, format: (_counters: boolean) => printNft(ruleset) };
    }
  }
}

/** The verdict on a file: an iptables-save file is checked without building its ruleset (checkRuleset). */
async function checkAny(text: string): Promise<{ diagnostics: readonly Diagnostic[]; summary: string }> {
  if (detectRulesetLanguage(text) !== "iptables-save") return parseAny(text);
  const r = checkRuleset(text);
  const summary = `${count(r.tables, "table")}, ${count(r.chains, "chain")}, ${count(r.rules, "rule")}`;
  return { diagnostics: r.diagnostics, summary };
}

/** `nfx check FILE`: errors like iptables-restore's or nft's, with line and column; exit 1 on any error. */
export async function checkCommand(args: readonly string[], io: Io): Promise<number> {
  if (args.length !== 1) {
    io.err("usage: nfx check RULES   (iptables-save, nft or nft -j JSON; - reads standard input)");
    return 2;
  }
  const file = args[0]!;
  const { diagnostics, summary } = await checkAny(io.read(file));
  for (const d of diagnostics) io.err(formatDiagnostic(file, d));
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  if (errors) {
    io.err(`${file}: ${errors} error${errors === 1 ? "" : "s"}`);
    return 1;
  }
  io.out(`${file}: ok: ${summary}`);
  return 0;
}

/**
 * `nfx fmt FILE`: an iptables-save file as iptables-save prints it (it comes back unchanged); nft text or JSON
 * as `nft list ruleset` prints it.
 */
export async function fmtCommand(args: readonly string[], io: Io): Promise<number> {
  const counters = args.includes("--counters") || args.includes("-c");
  const files = args.filter((a) => a === "-" || !a.startsWith("-"));
  if (files.length !== 1) {
    io.err("usage: nfx fmt RULES [--counters]");
    return 2;
  }
  const file = files[0]!;
  const { diagnostics, format } = await parseAny(io.read(file));
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length) {
    for (const d of errors) io.err(formatDiagnostic(file, d));
    return 1;
  }
  io.data(format(counters));
  return 0;
}
