import { useState } from "react";
import { useT } from "../i18n/use-t";

/** Where the dismissal is kept: per browser, like the language choice. */
const KEY = "nfx.tour.dismissed";

function dismissed(): boolean {
  try {
    return localStorage.getItem(KEY) === "1";
  } catch {
    return false; // storage blocked: show the tour, it is one click away from gone
  }
}

/**
 * First open: three lines of orientation (the diagram, where the lessons are, the default router's
 * interfaces), shown until dismissed, and never again in this browser.
 */
export function Tour() {
  const t = useT();
  const [open, setOpen] = useState(() => !dismissed());
  if (!open) return null;
  const close = () => {
    try {
      localStorage.setItem(KEY, "1");
    } catch {
      // Not remembered: it shows again next time, nothing else is lost.
    }
    setOpen(false);
  };
  return (
    <section className="tour" aria-label={t.tour.title} data-testid="tour">
      <h2 className="tour__title">{t.tour.title}</h2>
      <ol className="tour__list">
        <li>{t.tour.diagram}</li>
        <li>{t.tour.lessons}</li>
        <li>{t.tour.router}</li>
      </ol>
      <button type="button" className="primary" onClick={close}>
        {t.tour.dismiss}
      </button>
    </section>
  );
}
