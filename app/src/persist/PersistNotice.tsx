import type { Strings } from "../i18n";
import { useT } from "../i18n/use-t";
import { useRulesUi } from "../rules/context";
import { downloadText, saveScenario } from "../share/file";
import { useActions, useApp, useAppStoreApi } from "../state/context";
import type { PersistStatus } from "../state/store";
import "./persist.css";

function failureText(f: NonNullable<PersistStatus["failure"]>, t: Strings): string {
  switch (f.reason) {
    case "quota":
      return t.persist.failure.quota;
    case "unavailable":
      return t.persist.failure.unavailable;
    case "error":
      return t.persist.failure.error(f.message);
  }
}

/** What the autosave wants the user to know: a save that failed (with downloads), another tab, a restored draft. */
export function PersistNotice() {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const persist = useApp((s) => s.persist);
  const textDraft = useApp((s) => s.textDraft);
  const draftStatus = useRulesUi((s) => s.draft?.status);
  const a = useActions();
  const store = useAppStoreApi();
  const scenario = () => store.getState().scenario;
  return (
    <>
      {persist.failure ? (
        <div className="notice persist-notice" role="alert" data-testid="save-failed">
          <strong>{failureText(persist.failure, t)}</strong>
          <span>{t.persist.failure.keep}</span>
          <span className="persist-notice__actions">
            <button type="button" onClick={() => void saveScenario(scenario(), store)}>
              {t.persist.failure.download}
            </button>
            {textDraft !== null ? (
              <button type="button" onClick={() => downloadText("rules.v4", textDraft)}>
                {t.persist.failure.downloadDraft}
              </button>
            ) : null}
            <button type="button" className="link" onClick={() => a.setPersist({ failure: null })}>
              {t.persist.failure.retry}
            </button>
          </span>
        </div>
      ) : null}
      {persist.otherTab !== null ? (
        <div className="notice persist-notice persist-notice--info" role="status" data-testid="other-tab">
          <span>
            {t.persist.otherTab(new Date(persist.otherTab).toLocaleTimeString(lang === "zh" ? "zh-CN" : "en"))}
          </span>
          <button type="button" className="link" onClick={() => a.setPersist({ otherTab: null })}>
            {t.persist.dismiss}
          </button>
        </div>
      ) : null}
      {persist.restoredDraft && textDraft !== null && draftStatus === "errors" ? (
        <div className="notice persist-notice" role="status" data-testid="draft-restored">
          <span>{t.persist.draftRestored}</span>
          <button type="button" className="link" onClick={() => a.setPersist({ restoredDraft: false })}>
            {t.persist.dismiss}
          </button>
        </div>
      ) : null}
    </>
  );
}
