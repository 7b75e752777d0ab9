import { useEffect, useRef } from "react";
import { useT } from "../i18n/use-t";

/** The keyboard shortcuts (`?`), in a native modal dialog: it traps focus and Esc closes it. */
export function HelpDialog({ open, onClose }: { readonly open: boolean; readonly onClose: () => void }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    else if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="help-dialog" aria-labelledby="help-title" onClose={onClose} data-testid="help-dialog">
      <h2 id="help-title">{t.app.help}</h2>
      <dl className="shortcuts">
        {t.app.shortcuts.map(([keys, what]) => (
          <div key={keys}>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={onClose}>
        {t.app.helpClose}
      </button>
    </dialog>
  );
}
