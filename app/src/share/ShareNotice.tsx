import { t } from "../i18n";
import { showMessage, useShareMessage } from "./messages";

/** What happened to a link or a file, in plain text (nothing a link carries is ever rendered as HTML). */
export function ShareNotice() {
  const m = useShareMessage();
  if (!m) return null;
  return (
    <div
      className={`notice share-notice share-notice--${m.kind}`}
      role={m.kind === "info" ? "status" : "alert"}
      data-testid="share-notice"
      data-kind={m.kind}
    >
      <strong>{m.title}</strong>
      {m.detail ? <span className="share-notice__detail"> {m.detail}</span> : null}
      {m.items?.length ? (
        <ul className="share-notice__items">
          {m.items.map((item, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of messages, shown once
            <li key={i} className="mono">
              {item}
            </li>
          ))}
        </ul>
      ) : null}
      <button type="button" className="link" onClick={() => showMessage(null)}>
        {t.share.dismiss}
      </button>
    </div>
  );
}
