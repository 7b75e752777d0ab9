import { useT } from "../i18n/use-t";
import { useActions, useApp } from "../state/context";

/** Engine trouble, said plainly: a cancelled computation, a restarted worker, an invalid scenario. */
export function Notice() {
  const t = useT();
  const notice = useApp((s) => s.notice);
  const error = useApp((s) => s.error);
  const { dismissNotice } = useActions();
  let text: string | null = null;
  if (notice === "timeout") text = t.sim.timeout;
  else if (notice === "crashed") text = t.sim.crashed;
  else if (error?.code === "invalid-scenario")
    text = `${t.sim.invalid} ${error.errors.map((e) => `${e.path}: ${e.message}`).join("; ")}`;
  else if (error?.code === "engine-exception") text = t.sim.failed(error.message);
  if (!text) return null;
  return (
    <div className="notice" role="alert" data-testid="notice">
      {text}
      {notice ? (
        <button type="button" className="link" onClick={dismissNotice}>
          {t.sim.dismiss}
        </button>
      ) : null}
    </div>
  );
}
