import { formatRuleset, parseRuleset } from "@nfx/iptables-save";
import type { Io } from "../io";
import { formatDiagnostic } from "../load";

/** `nfx check rules.v4`: errors like iptables-restore's, with line and column; exit 1 on any error. */
export function checkCommand(args: readonly string[], io: Io): number {
  if (args.length !== 1) {
    io.err("usage: nfx check RULES.v4   (- reads standard input)");
    return 2;
  }
  const file = args[0]!;
  const { ruleset, diagnostics } = parseRuleset(io.read(file));
  for (const d of diagnostics) io.err(formatDiagnostic(file, d));
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  if (errors) {
    io.err(`${file}: ${errors} error${errors === 1 ? "" : "s"}`);
    return 1;
  }
  const rules = ruleset.tables.reduce((n, t) => n + t.chains.reduce((m, c) => m + c.rules.length, 0), 0);
  const chains = ruleset.tables.reduce((n, t) => n + t.chains.length, 0);
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  io.out(`${file}: ok: ${count(ruleset.tables.length, "table")}, ${count(chains, "chain")}, ${count(rules, "rule")}`);
  return 0;
}

/** `nfx fmt rules.v4`: the ruleset as iptables-save prints it (an iptables-save file comes back unchanged). */
export function fmtCommand(args: readonly string[], io: Io): number {
  const counters = args.includes("--counters") || args.includes("-c");
  const files = args.filter((a) => a === "-" || !a.startsWith("-"));
  if (files.length !== 1) {
    io.err("usage: nfx fmt RULES.v4 [--counters]");
    return 2;
  }
  const file = files[0]!;
  const { ruleset, diagnostics } = parseRuleset(io.read(file));
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length) {
    for (const d of errors) io.err(formatDiagnostic(file, d));
    return 1;
  }
  io.data(formatRuleset(ruleset, { counters }));
  return 0;
}
