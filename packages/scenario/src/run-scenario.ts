import { type NumgenPins, type SimulationResult, type StatisticPins, shadowedNativeTables } from "@nfx/engine";
import type { Diagnostic, ParseResult } from "@nfx/iptables-save";
import {
  detectRulesetLanguage,
  type Diagnostic as NftDiagnostic,
  type ParseResult as NftParseResult,
  parseNft,
  parseNftJson,
} from "@nfx/nftables";
import { type ContinuableRun, runPackets } from "./continue-run";
import { toHost } from "./engine-input";
import { parseForRun } from "./parse-for-run";
import type { Scenario } from "./scenario";
import { type ScenarioError, validateScenario } from "./validate";

export interface RunOptions {
  /** Seed of the simulator's random source; default: the scenario's own `seed`, else the engine's default. */
  readonly seed?: number;
  /**
   * Reads the ruleset text; default `parseForRun` (parseRuleset's result: a small ruleset read whole, a large one
   * lazily, each chain's rules read when the packets first need them). The app passes its cache of parsed texts.
   */
  readonly parse?: (text: string) => ParseResult;
  /**
   * Pinned outcomes of `-m statistic` matches. A function receives the parsed ruleset, since a pin names rule
   * positions that only the parse knows.
   */
  readonly statisticPins?: StatisticPins | ((parsed: ParseResult) => StatisticPins);
  /**
   * What a ruleset with errors does: `"refuse"` (default) does not run it, as iptables-restore would not load
   * it; `"run-the-rest"` runs the lines that parsed, for an editor that shows the errors beside the result.
   */
  readonly rulesetErrors?: "refuse" | "run-the-rest";
  /** Reads the scenario's `nftables` text (nft text or its JSON); default: the parser its first line calls for. */
  readonly parseNftables?: (text: string) => NftParseResult;
  /** Pinned `numgen`/`jhash` results, keyed `FAMILY TABLE:CHAIN:RULE`; a function receives the parsed nft ruleset. */
  readonly numgenPins?: NumgenPins | ((parsed: NftParseResult) => NumgenPins);
  /**
   * A run of this scenario with fewer packets (`ran`'s `run`): when nothing but packets added at the end tells the
   * two apart, only those are sent, through the simulator as that run left it (continue-run.ts).
   */
  readonly continueFrom?: ContinuableRun | null;
}

/** Reads nft text or, when it starts like JSON, the JSON of `nft -j list ruleset`. */
export function parseNftables(text: string): NftParseResult {
  return detectRulesetLanguage(text) === "nft-json" ? parseNftJson(text) : parseNft(text);
}

/** The outcome of {@link runScenario}: every way it can end is a value, none is thrown. */
export type ScenarioRun =
  /** The document is not a valid scenario: each problem with its JSON path (`packets[2].dport`). */
  | { readonly kind: "invalid-scenario"; readonly errors: readonly ScenarioError[] }
  /** The ruleset has errors (line:column in the ruleset text) and was not run. */
  | {
      readonly kind: "invalid-ruleset";
      readonly scenario: Scenario;
      readonly parsed: ParseResult;
      readonly errors: readonly Diagnostic[];
    }
  /** The native nftables ruleset has errors (line:column in the `nftables` text) and was not run. */
  | {
      readonly kind: "invalid-nftables";
      readonly scenario: Scenario;
      readonly nft: NftParseResult;
      readonly errors: readonly NftDiagnostic[];
    }
  /**
   * The packets ran; `parsed.diagnostics` holds the ruleset's warnings (and errors with "run-the-rest"), `nft`
   * the parsed `nftables` (null when the scenario has none) with its own; `run` can be continued by a
   * scenario that adds packets (`continueFrom`).
   */
  | {
      readonly kind: "ran";
      readonly scenario: Scenario;
      readonly parsed: ParseResult;
      readonly nft: NftParseResult | null;
      readonly result: SimulationResult;
      readonly run: ContinuableRun;
    };

/**
 * Runs a scenario document from any source (a file, a link, the app's editor): validates it, parses its ruleset
 * and sends its packets through the engine, in order. The one way to run a scenario, so the app, `nfx` and the
 * conformance tests cannot disagree on defaults.
 */
export function runScenario(
  doc: unknown,
  options: RunOptions & { readonly rulesetErrors: "run-the-rest" },
): Exclude<ScenarioRun, { readonly kind: "invalid-ruleset" | "invalid-nftables" }>;
export function runScenario(doc: unknown, options?: RunOptions): ScenarioRun;
export function runScenario(doc: unknown, options: RunOptions = {}): ScenarioRun {
  const checked = validateScenario(doc);
  if (!checked.ok) return { kind: "invalid-scenario", errors: checked.errors };
  const scenario = checked.value;
  const parsed = (options.parse ?? parseForRun)(scenario.ruleset);
  const errors = parsed.diagnostics.filter((d) => d.severity === "error");
  if (errors.length && options.rulesetErrors !== "run-the-rest") {
    return { kind: "invalid-ruleset", scenario, parsed, errors };
  }
  const nftParsed =
    scenario.nftables === undefined ? null : (options.parseNftables ?? parseNftables)(scenario.nftables);
  const nft = nftParsed && withShadowWarnings(nftParsed, parsed);
  const nftErrors = nft?.diagnostics.filter((d) => d.severity === "error") ?? [];
  if (nft && nftErrors.length && options.rulesetErrors !== "run-the-rest") {
    return { kind: "invalid-nftables", scenario, nft, errors: nftErrors };
  }
  const seed = options.seed ?? scenario.seed;
  const pins = typeof options.statisticPins === "function" ? options.statisticPins(parsed) : options.statisticPins;
  const numgen = nft && typeof options.numgenPins === "function" ? options.numgenPins(nft) : options.numgenPins;
  const simulatorOptions = {
    ...(seed === undefined ? {} : { seed }),
    ...(pins === undefined ? {} : { statisticPins: pins }),
    ...(nft ? { nftables: nft.ruleset } : {}),
    ...(typeof numgen === "object" ? { numgenPins: numgen } : {}),
  };
  // The parse of the native ruleset before its warnings are added (a fresh object each run): what a run continues.
  const { result, run } = runPackets(
    { scenario, host: toHost(scenario), parsed, nft: nftParsed, options: simulatorOptions },
    options.continueFrom ?? null,
  );
  return { kind: "ran", scenario, parsed, nft, result, run };
}

/**
 * Says which native tables iptables-save's text replaces: `nft list ruleset` of a host prints iptables-nft's
 * own tables (`table ip filter`, "managed by iptables-nft"); with iptables-save beside it, those are taken from
 * iptables-save and the engine leaves the native copy out.
 */
function withShadowWarnings(nft: NftParseResult, iptables: ParseResult): NftParseResult {
  const shadowed = shadowedNativeTables(iptables.ruleset, nft.ruleset);
  if (!shadowed.length) return nft;
  const warnings: NftDiagnostic[] = shadowed.map((t) => ({
    code: "nft.iptables-table",
    severity: "warning",
    message: `table ip ${t.name} is iptables-nft's ${t.name} table: the ruleset (iptables-save) gives it, so this copy is not run`,
    line: t.span?.line ?? 1,
    column: t.span?.column ?? 1,
    ...(t.span ? { endColumn: t.span.endColumn } : {}),
  }));
  return { ruleset: nft.ruleset, diagnostics: [...nft.diagnostics, ...warnings] };
}
