import { useT } from "../i18n/use-t";
import { useActions, useApp } from "../state/context";

/** After a Reset or a packet's removal: what was done, and the way back, until the next edit. */
export function UndoNotice() {
  const t = useT();
  const undoable = useApp((s) => s.undoable);
  const { undo, forgetUndo } = useActions();
  if (!undoable) return null;
  const text = undoable.what.kind === "reset" ? t.undo.reset : t.undo.removed(undoable.what.packet);
  return (
    <div className="notice undo-notice" role="status" data-testid="undo-notice">
      {text}{" "}
      <button type="button" className="primary" onClick={undo}>
        {t.undo.undo}
      </button>{" "}
      <button type="button" className="link" onClick={forgetUndo}>
        {t.sim.dismiss}
      </button>
    </div>
  );
}
