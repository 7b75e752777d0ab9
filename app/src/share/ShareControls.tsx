import { MAX_LINK_LENGTH } from "@nfx/scenario";
import { useCallback, useRef, useState } from "react";
import { useT } from "../i18n/use-t";
import { useAppStoreApi } from "../state/context";
import { INLINE_RULESET_BYTES, rulesetBytes } from "../state/ruleset";
import { parseScenarioFile, saveScenario } from "./file";
import { fragmentFor, shareUrl } from "./link";
import { useFileDrop } from "./use-file-drop";
import { useHashLinks } from "./use-hash-links";

type Copy = "idle" | "copied" | "failed";

/**
 * Why no link is offered: the link would be longer than a link may be (its length), or the ruleset is held in
 * the engine (its size in bytes), which no link carries.
 */
type TooLarge = { readonly kind: "link"; readonly chars: number } | { readonly kind: "held"; readonly bytes: number };

/** Share, Save as file, Open file: the top bar's ways for a scenario to leave and enter the app. */
export function ShareControls() {
  const t = useT();
  const store = useAppStoreApi();
  useHashLinks(store);
  const [open, setOpen] = useState(false);
  const [withLang, setWithLang] = useState(false);
  const [fragment, setFragment] = useState("");
  const [copy, setCopy] = useState<Copy>("idle");
  const [tooLarge, setTooLarge] = useState<TooLarge | null>(null);
  const [saveFailed, setSaveFailed] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const url = fragment ? shareUrl(fragment) : "";
  const save = async () => setSaveFailed(!(await saveScenario(store.getState().scenario, store)));

  const make = (lang: boolean) => {
    const state = store.getState();
    const f = fragmentFor(state, lang ? state.lang : null);
    setCopy("idle");
    setFragment(f ?? "");
    if (f === null) return setTooLarge({ kind: "held", bytes: rulesetBytes(state.scenario.ruleset) });
    if (f.length > MAX_LINK_LENGTH) return setTooLarge({ kind: "link", chars: f.length });
    setTooLarge(null);
    state.markLinked(state.scenario);
    history.replaceState(history.state, "", `#${f}`);
    const full = shareUrl(f);
    navigator.clipboard?.writeText(full).then(
      () => setCopy("copied"),
      () => setCopy("failed"),
    ) ?? setCopy("failed");
  };

  const openFile = useCallback(
    async (file: File) => {
      const { showMessage } = store.getState();
      // A large file (a node's saved scenario) is read by the engine, where its ruleset stays.
      const opened =
        file.size > INLINE_RULESET_BYTES
          ? await store.getState().readScenarioFile(file, `${file.name.replace(/\.scenario\.json$|\.json$/, "")}.v4`)
          : parseScenarioFile(await file.text());
      if (!opened.ok && opened.reason === "too-big") {
        showMessage({ kind: "file-error", why: "too-big", file: file.name, limit: opened.limit });
        return;
      }
      if (opened.ok) {
        store.getState().resetScenario(opened.scenario);
        showMessage({ kind: "info", what: "file-opened", file: file.name });
      } else if (opened.reason === "not-json") {
        showMessage({ kind: "file-error", why: "not-json", detail: opened.message });
      } else {
        showMessage({ kind: "file-error", why: "invalid", file: file.name, items: opened.errors });
      }
    },
    [store],
  );
  useFileDrop(openFile);

  return (
    <div className="share-controls">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="share-panel"
        onClick={() => {
          if (!open) make(withLang);
          setOpen(!open);
        }}
      >
        {t.share.button}
      </button>
      <button type="button" onClick={save}>
        {t.files.save}
      </button>
      <button type="button" onClick={() => fileInput.current?.click()}>
        {t.files.open}
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        className="sr-only"
        aria-label={t.files.openLabel}
        data-testid="open-file"
        tabIndex={-1}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) void openFile(file);
        }}
      />
      {open ? (
        <section id="share-panel" className="share-panel" role="dialog" aria-label={t.share.title}>
          <h2>{t.share.title}</h2>
          <p className="hint">{t.share.intro}</p>
          {tooLarge ? (
            <>
              <p className="error" data-testid="share-too-long">
                {tooLarge.kind === "link"
                  ? t.share.tooLong(tooLarge.chars, MAX_LINK_LENGTH)
                  : t.share.heldTooLarge((tooLarge.bytes / 1e6).toFixed(1))}
              </p>
              <button type="button" className="primary" onClick={save} data-testid="share-save">
                {t.files.save}
              </button>
              {saveFailed ? <p className="error">{t.share.saveFailed}</p> : null}
            </>
          ) : (
            <>
              <label className="share-link">
                {t.share.link}
                <input
                  readOnly
                  value={url}
                  data-testid="share-link"
                  onFocus={(e) => e.currentTarget.select()}
                  className="mono"
                />
              </label>
              <p className="hint" data-testid="share-length" data-length={url.length}>
                {t.share.length(url.length)}
                {copy === "copied" ? ` · ${t.share.copied}` : copy === "failed" ? ` · ${t.share.copyFailed}` : ""}
              </p>
            </>
          )}
          {tooLarge?.kind === "held" ? null : (
            // A ruleset held in the engine makes no link, with or without the language.
            <label className="check">
              <input
                type="checkbox"
                checked={withLang}
                onChange={(e) => {
                  setWithLang(e.currentTarget.checked);
                  make(e.currentTarget.checked);
                }}
              />
              {t.share.includeLang}
            </label>
          )}
          <div className="share-actions">
            {!tooLarge ? (
              <button type="button" onClick={() => make(withLang)}>
                {t.share.copy}
              </button>
            ) : null}
            <button type="button" onClick={() => setOpen(false)}>
              {t.share.close}
            </button>
          </div>
        </section>
      ) : null}
    </div>
  );
}
