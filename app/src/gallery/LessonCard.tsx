import { useState } from "react";
import { useLang, useT } from "../i18n/use-t";
import { useApp, useAppStoreApi } from "../state/context";
import { lessonByName, lessonText } from ".";
import { canRun, runAction } from "./run-action";

/**
 * The open lesson: what to watch for and the guided steps. It is derived from the scenario's name, so a shared
 * link to a lesson's scenario opens with its lesson too.
 */
export function LessonCard() {
  const t = useT();
  const lang = useLang();
  const store = useAppStoreApi();
  const name = useApp((s) => s.scenario.name);
  // Re-render on every change of the scenario (a ruleset's text, a sysctl, the packets): each step's button
  // knows whether it still applies (canRun reads the scenario as it is). Nothing else renders this card again.
  useApp((s) => s.scenario);
  const [hidden, setHidden] = useState<string | null>(null);
  const lesson = lessonByName(name);
  const text = lesson ? lessonText(lesson.name, lang) : null;
  if (!lesson || !text) return null;
  if (hidden === lesson.name) {
    return (
      <div className="lesson lesson--hidden">
        <button type="button" className="link" onClick={() => setHidden(null)}>
          {t.gallery.show}: {text.title}
        </button>
      </div>
    );
  }
  return (
    <section className="lesson" aria-label={`${t.gallery.lesson}: ${text.title}`} data-testid="lesson">
      <header className="lesson__head">
        <h2>
          <span className="lesson__kicker">{t.gallery.lesson}</span> {text.title}
        </h2>
        <button type="button" className="link" onClick={() => setHidden(lesson.name)}>
          {t.gallery.hide}
        </button>
      </header>
      <p className="lesson__watch">
        <strong>{t.gallery.watch}:</strong> {text.watch}
      </p>
      <ol className="lesson__steps" aria-label={t.gallery.steps}>
        {text.steps.map((step, i) => {
          const action = lesson.actions[i] ?? null;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are a fixed, numbered list
            <li key={i}>
              <span>{step}</span>
              {action ? (
                <button
                  type="button"
                  className="chip-button"
                  disabled={!canRun(store, action)}
                  onClick={() => runAction(store, action)}
                >
                  {t.gallery.doIt}
                </button>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
