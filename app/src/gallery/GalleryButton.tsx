import { useEffect, useRef, useState } from "react";
import { useLang, useT } from "../i18n/use-t";
import { useAppStoreApi } from "../state/context";
import { LESSONS, lessonText } from ".";

/** "Lessons": a dialog listing the gallery; opening one replaces the scenario (the old one stays autosaved until then). */
export function GalleryButton() {
  const t = useT();
  const lang = useLang();
  const store = useAppStoreApi();
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  return (
    <>
      <button type="button" onClick={() => setOpen(true)} aria-haspopup="dialog">
        {t.gallery.button}
      </button>
      <dialog
        ref={dialog}
        className="gallery"
        aria-label={t.gallery.title}
        data-testid="gallery"
        onClose={() => setOpen(false)}
      >
        {open ? (
          <>
            <div className="gallery__head">
              <h2>{t.gallery.title}</h2>
              <button type="button" onClick={() => setOpen(false)}>
                {t.gallery.close}
              </button>
            </div>
            <p className="hint">{t.gallery.intro}</p>
            <ol className="gallery__list">
              {LESSONS.map((lesson) => {
                const text = lessonText(lesson.name, lang);
                return (
                  <li key={lesson.name} className="gallery__card">
                    <h3>{text?.title ?? lesson.name}</h3>
                    <p>{text?.summary}</p>
                    <p className="gallery__file mono">{t.gallery.file(lesson.name)}</p>
                    <button
                      type="button"
                      className="primary"
                      aria-label={`${t.gallery.open}: ${text?.title ?? lesson.name}`}
                      onClick={() => {
                        store.getState().showMessage(null);
                        store.getState().resetScenario(lesson.scenario);
                        setOpen(false);
                      }}
                    >
                      {t.gallery.open}
                    </button>
                  </li>
                );
              })}
            </ol>
          </>
        ) : null}
      </dialog>
    </>
  );
}
