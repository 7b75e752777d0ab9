import { useT } from "../i18n/use-t";
import { useRules, useRulesUi } from "./context";

/** Megabytes with one decimal, as the progress and the too-large message show sizes. */
const mb = (bytes: number) => (bytes / 1e6).toFixed(1);

/**
 * A file being opened: a bar of bytes read, the rules seen so far, then that it is being parsed; Cancel keeps
 * the ruleset in force. Also says why the last file did not open.
 */
export function OpenProgress() {
  const t = useT();
  const c = useRules();
  const opening = useRulesUi((s) => s.opening);
  const error = useRulesUi((s) => s.openError);
  if (opening) {
    const p = opening.progress;
    const label =
      p === null
        ? t.rules.opening.starting(opening.name)
        : p.phase === "reading"
          ? t.rules.opening.reading(opening.name, mb(p.bytes), mb(p.total), p.rules)
          : t.rules.opening.parsing(opening.name, p.rules);
    return (
      <div className="open-progress" data-testid="open-progress">
        {/* Without a value the bar is indeterminate: the parse is one step the worker cannot measure. */}
        <progress
          aria-label={t.rules.opening.bar(opening.name)}
          max={p && p.phase === "reading" ? p.total || 1 : undefined}
          value={p && p.phase === "reading" ? p.bytes : undefined}
        />
        <span aria-live="polite" data-testid="open-progress-text">
          {label}
        </span>
        <button type="button" onClick={c.cancelOpen} data-testid="open-cancel">
          {t.rules.opening.cancel}
        </button>
      </div>
    );
  }
  if (error)
    return (
      <p className="open-error" role="alert" data-testid="open-error">
        {error.kind === "too-large"
          ? t.rules.opening.tooLarge(error.name, mb(error.bytes), mb(error.limit))
          : t.rules.opening.failed(error.name, error.message)}
      </p>
    );
  return null;
}
