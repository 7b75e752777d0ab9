import type { Strings } from "../i18n";
import { useT } from "../i18n/use-t";
import { saveScenario } from "../share/file";
import { useActions, useApp, useAppStoreApi } from "../state/context";
import type { HeldReason } from "../state/store";
import "./persist.css";

function why(reason: HeldReason, t: Strings): string {
  switch (reason.code) {
    case "timeout":
      return t.persist.held.timeout(String(Math.round(reason.ms / 100) / 10));
    case "worker-crashed":
      return t.persist.held.crashed(reason.message);
    case "stopped":
      return t.persist.held.stopped;
  }
}

/**
 * A scenario whose computation did not finish: why, and the choice of opening it anyway (without a time
 * limit, with a Stop button) or going back to the previous work, which is what the app shows meanwhile.
 */
export function HeldNotice() {
  const t = useT();
  const held = useApp((s) => s.held);
  const unlimited = useApp((s) => s.unlimited);
  const a = useActions();
  const store = useAppStoreApi();
  if (unlimited) {
    return (
      <div className="notice persist-notice" role="status" data-testid="held-running">
        <span>{t.persist.running}</span>
        <span className="persist-notice__actions">
          <button type="button" onClick={a.stop}>
            {t.persist.stop}
          </button>
        </span>
      </div>
    );
  }
  if (!held) return null;
  return (
    <div className="notice persist-notice" role="alert" data-testid="held-notice">
      <strong>{why(held.reason, t)}</strong>
      <span>{t.persist.held.kept(held.scenario.name ?? "")}</span>
      <span className="persist-notice__actions">
        <button type="button" onClick={a.openHeld}>
          {t.persist.held.openAnyway}
        </button>
        <button type="button" onClick={a.dropHeld}>
          {t.persist.held.goBack}
        </button>
        <button type="button" className="link" onClick={() => void saveScenario(held.scenario, store)}>
          {t.persist.held.download}
        </button>
      </span>
    </div>
  );
}
