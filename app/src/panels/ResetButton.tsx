import { useEffect, useRef, useState } from "react";
import { useT } from "../i18n/use-t";
import { DEFAULT_SCENARIO } from "../scenario/default";
import { useActions } from "../state/context";

/** "Reset scenario": asks first, and the reset can be undone (see UndoNotice). */
export function ResetButton() {
  const t = useT();
  const { resetScenario } = useActions();
  const [asking, setAsking] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (asking && !d.open) d.showModal();
    if (!asking && d.open) d.close();
  }, [asking]);

  return (
    <>
      <button type="button" onClick={() => setAsking(true)} aria-haspopup="dialog">
        {t.app.reset}
      </button>
      <dialog
        ref={dialog}
        className="confirm-reset"
        aria-labelledby="confirm-reset-title"
        onClose={() => setAsking(false)}
      >
        {asking ? (
          <>
            <h2 id="confirm-reset-title">{t.undo.confirmTitle}</h2>
            <p>{t.undo.confirmText}</p>
            <div className="confirm-reset__actions">
              <button
                type="button"
                className="primary"
                onClick={() => {
                  resetScenario(DEFAULT_SCENARIO, true);
                  setAsking(false);
                }}
              >
                {t.undo.confirmYes}
              </button>
              <button type="button" onClick={() => setAsking(false)}>
                {t.undo.cancel}
              </button>
            </div>
          </>
        ) : null}
      </dialog>
    </>
  );
}
