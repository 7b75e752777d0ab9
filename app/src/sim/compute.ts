import { simulate } from "@nfx/engine";
import { formatRuleBody, parseRuleset } from "@nfx/iptables-save";
import { toHost, toPacketSpec, validateScenario } from "@nfx/scenario";
import type { ChainView, SimAnswer } from "./protocol";

/**
 * The one computation the app asks of the engine: validate, parse, simulate, all packets at once.
 * Runs inside the worker in the app and in-process in tests; it never throws.
 */
export function computeSimulation(revision: number, scenario: unknown): SimAnswer {
  const checked = validateScenario(scenario);
  if (!checked.ok) return { ok: false, revision, error: { code: "invalid-scenario", errors: checked.errors } };
  try {
    const sc = checked.value;
    const parsed = parseRuleset(sc.ruleset);
    const chains: ChainView[] = parsed.ruleset.tables.flatMap((table) =>
      table.chains.map((c) => ({
        table: table.name,
        name: c.name,
        policy: c.policy,
        rules: c.rules.map((rule) => ({ text: `-A ${c.name}${formatRuleBody(rule)}`, rule })),
      })),
    );
    const result = simulate(toHost(sc), parsed.ruleset, sc.packets.map(toPacketSpec), { seed: sc.seed ?? 1 });
    const diagnostics = parsed.diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      line: d.line,
      column: d.column,
    }));
    return { ok: true, revision, view: { chains, diagnostics, result } };
  } catch (e) {
    return {
      ok: false,
      revision,
      error: { code: "engine-exception", message: e instanceof Error ? e.message : String(e) },
    };
  }
}
