import { useT } from "../i18n/use-t";
import { useApp } from "../state/context";

/** At most this many errors are listed; the Ruleset tab shows them all. */
const LISTED = 20;

/**
 * The background check of the ruleset in use (ruleset-cache.ts): while it runs, how far it is; once it found
 * errors, that iptables-restore would refuse the whole file, each error with its line and column, and that the
 * simulation shown is therefore not what the kernel would do. Nothing once the ruleset is checked and clean.
 */
export function ValidationNotice() {
  const t = useT();
  const validation = useApp((s) => s.validation);
  const diagnostics = useApp((s) => s.view?.diagnostics);
  const errors = diagnostics?.filter((d) => d.severity === "error") ?? [];
  if (validation?.state === "running") {
    const percent = validation.total ? Math.floor((validation.done / validation.total) * 100) : 0;
    return (
      <p className="validation-status muted" role="status" data-testid="validation-status">
        {t.rules.validating(percent)}
      </p>
    );
  }
  if (!errors.length) return null;
  return (
    <div className="draft-errors" role="alert" data-testid="kernel-refuses">
      <p>{t.rules.kernelRefuses(errors.length)}</p>
      <ul className="diagnostics">
        {errors.slice(0, LISTED).map((d) => (
          <li key={`${d.line}:${d.column}:${d.code}`} className={`diag diag--${d.severity}`}>
            {t.rules.diagnostic(d.line, d.column, d.message)}
          </li>
        ))}
      </ul>
    </div>
  );
}
