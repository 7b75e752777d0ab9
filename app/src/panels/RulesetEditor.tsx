import { useEffect, useRef } from "react";
import { t } from "../i18n";
import { useActions, useApp } from "../state/context";

/**
 * The ruleset text. The textarea is uncontrolled (the DOM holds what is typed); edits reach the store after
 * a short pause, and each edit bumps the scenario revision so older answers are dropped.
 */
export function RulesetEditor() {
  const ruleset = useApp((s) => s.scenario.ruleset);
  const diagnostics = useApp((s) => s.view?.diagnostics ?? []);
  const { setRuleset } = useActions();
  const area = useRef<HTMLTextAreaElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // A reset replaces the text from outside; typing never takes this path because the values are equal.
  useEffect(() => {
    if (area.current && area.current.value !== ruleset) area.current.value = ruleset;
  }, [ruleset]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  return (
    <div className="ruleset-editor">
      <label htmlFor="ruleset-text" className="sr-only">
        {t.panels.ruleset}
      </label>
      <textarea
        id="ruleset-text"
        ref={area}
        className="mono"
        spellCheck={false}
        defaultValue={ruleset}
        onChange={(e) => {
          const text = e.currentTarget.value;
          if (timer.current) clearTimeout(timer.current);
          timer.current = setTimeout(() => setRuleset(text), 300);
        }}
      />
      <p className="hint">{t.panels.rulesetApply}</p>
      {diagnostics.length ? (
        <ul className="diagnostics">
          {diagnostics.map((d) => (
            <li key={`${d.line}:${d.column}:${d.code}`} className={`diag diag--${d.severity}`}>
              {d.line}:{d.column} {d.code} {d.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
