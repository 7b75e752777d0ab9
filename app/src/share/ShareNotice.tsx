import { useT } from "../i18n/use-t";
import { useActions, useApp } from "../state/context";
import { shareMessageText } from "./messages";

/** What happened to a link or a file, in plain text (nothing a link carries is ever rendered as HTML). */
export function ShareNotice() {
  const t = useT();
  const message = useApp((s) => s.message);
  const { showMessage } = useActions();
  if (!message) return null;
  const m = { kind: message.kind, ...shareMessageText(t, message) };
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
