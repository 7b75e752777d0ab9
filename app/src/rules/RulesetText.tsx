import { detectRulesetLanguage } from "@nfx/nftables";
import { useEffect, useRef, useState } from "react";
import { useT } from "../i18n/use-t";
import { isHandle, type RulesetHandle } from "../sim/ruleset-source";
import { useApp } from "../state/context";
import type { CodeEditor } from "./code-editor";
import { useNft, useNftUi, useRules, useRulesUi } from "./context";
import { downloadBlob } from "./io";
import { NftText } from "./NftText";
import { TextModeSwitch } from "./TextModeSwitch";

/** The scenario's two rulesets as text: iptables-save, or the native nftables ruleset, one at a time. */
export function RulesetText() {
  const mode = useNftUi((s) => s.mode);
  return (
    <>
      <TextModeSwitch />
      {mode === "nft" ? <NftText /> : <IptablesText />}
    </>
  );
}

/**
 * The whole ruleset as iptables-save text in a code editor, loaded on first use so it stays out of the first
 * view's bundle. What is typed is applied once it parses without errors; until then it stays here, with its
 * errors underlined and listed, and the rules in use do not change.
 */
function IptablesText() {
  const t = useT();
  const ruleset = useApp((s) => s.scenario.ruleset);
  const [open, setOpen] = useState(false);
  if (isHandle(ruleset)) return <HeldRulesetText handle={ruleset} />;
  const size = ruleset.length;
  if (size > LARGE_TEXT && !open) {
    return (
      <div className="ruleset-text">
        <p className="hint" data-testid="ruleset-large">
          {t.rules.text.large((size / 1e6).toFixed(1))}
        </p>
        <button type="button" onClick={() => setOpen(true)}>
          {t.rules.text.openLarge}
        </button>
      </div>
    );
  }
  return <RulesetEditor applied={ruleset} />;
}

/**
 * A ruleset held in the engine (ruleset-source.ts): what it is, and the two ways to its text, both explicit:
 * download the file, or load it into the editor (which puts the whole text on this page). The loaded text
 * belongs to that very handle: an edit from the Rules panel (a new handle) brings this view back.
 */
function HeldRulesetText({ handle }: { handle: RulesetHandle }) {
  const t = useT();
  const lang = useApp((s) => s.lang);
  const c = useRules();
  const [loaded, setLoaded] = useState<{ readonly key: string; readonly text: string } | null>(null);
  const [loading, setLoading] = useState(false);
  if (loaded && loaded.key === handle.key) return <RulesetEditor applied={loaded.text} />;
  const locale = lang === "zh" ? "zh-CN" : "en";
  return (
    <div className="ruleset-text" data-testid="ruleset-held">
      <p className="hint" data-testid="ruleset-held-text">
        {t.rules.text.held(handle.name, (handle.bytes / 1e6).toFixed(1), handle.rules.toLocaleString(locale))}
      </p>
      <p className="ruleset-held__actions">
        <button type="button" onClick={() => downloadBlob(handle.name, handle.blob)} data-testid="ruleset-download">
          {t.rules.text.heldDownload(handle.name)}
        </button>
        <button
          type="button"
          disabled={loading}
          data-testid="ruleset-load"
          onClick={async () => {
            setLoading(true);
            const text = await c.loadText();
            setLoading(false);
            setLoaded({ key: handle.key, text });
          }}
        >
          {loading ? t.rules.text.heldLoading : t.rules.text.heldLoad}
        </button>
      </p>
      <p className="hint muted">{t.rules.text.heldLoadCost}</p>
    </div>
  );
}

/** Above this many characters the text view waits to be asked: building a 9 MB document takes a while. */
const LARGE_TEXT = 1_000_000;

/** Up to this many characters, typed text is handed to the autosave at every keystroke. */
const LIVE_DRAFT = 1_000_000;

/** The editor over `applied`, the applied ruleset's text (the store's, or one loaded from its handle). */
function RulesetEditor({ applied }: { applied: string }) {
  const t = useT();
  const c = useRules();
  const appliedRef = useRef(applied);
  appliedRef.current = applied;
  const nft = useNft();
  const draft = useRulesUi((s) => s.draft);
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<CodeEditor | null>(null);
  const [ready, setReady] = useState(false);
  // The editor is made once; its label follows the language without rebuilding it (and losing its history).
  const label = useRef(t.rules.text.label);
  label.current = t.rules.text.label;
  useEffect(() => {
    if (ready) editor.current?.setLabel(t.rules.text.label);
  }, [ready, t]);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    /** The text typed since it was last handed to the controller, read only when needed. */
    let unsaved: (() => string) | null = null;
    const keep = () => {
      if (unsaved) c.typed(unsaved());
      unsaved = null;
    };
    const check = () => {
      timer = null;
      const read = latest;
      latest = null;
      if (read) void c.setText(read());
    };
    let latest: (() => string) | null = null;
    // A reload or a tab switch must not lose what was typed (the autosave writes it at once).
    const onHide = () => {
      if (document.visibilityState === "hidden") keep();
    };
    window.addEventListener("pagehide", keep);
    document.addEventListener("visibilitychange", onHide);
    void import("./code-editor").then(({ createCodeEditor }) => {
      if (!live || !host.current) return;
      const s = c.ui.getState();
      editor.current = createCodeEditor(host.current, {
        text: s.draft?.text ?? appliedRef.current,
        label: label.current,
        onChange: (read, length) => {
          latest = read;
          unsaved = read;
          // Every keystroke is kept at once; a very large text (reading it costs tens of ms) when the page hides.
          if (length <= LIVE_DRAFT) keep();
          if (timer) clearTimeout(timer);
          timer = setTimeout(check, 300);
        },
        onDropFile: (text) => {
          if (detectRulesetLanguage(text) !== "iptables-save") {
            nft.setMode("nft");
            void nft.setText(text, "paste");
            return;
          }
          editor.current?.setText(text);
          void c.setText(text, "import");
        },
        // `nft list ruleset` output pasted here belongs to the nft side: it goes there, whole, and is shown.
        onPaste: (text) => {
          if (!detectRulesetLanguage(text).startsWith("nft")) return false;
          nft.setMode("nft");
          void nft.setText(text, "paste");
          return true;
        },
      });
      if (s.draft) editor.current.showDiagnostics(s.draft.diagnostics);
      setReady(true);
    });
    return () => {
      live = false;
      window.removeEventListener("pagehide", keep);
      document.removeEventListener("visibilitychange", onHide);
      // Leaving the tab (or closing the panel) checks what was typed now rather than dropping it.
      if (timer) {
        clearTimeout(timer);
        check();
      }
      editor.current?.destroy();
      editor.current = null;
    };
  }, [c, nft]);

  // A draft (typed or imported) is what the editor shows; without one, the applied ruleset.
  useEffect(() => {
    const ed = editor.current;
    if (!ready || !ed) return;
    if (draft) {
      ed.setText(draft.text);
      ed.showDiagnostics(draft.diagnostics);
    } else {
      ed.setText(applied);
      ed.showDiagnostics([]);
    }
  }, [ready, draft, applied]);

  const errors = draft?.diagnostics.filter((d) => d.severity === "error") ?? [];
  return (
    <div className="ruleset-text">
      {!ready ? <p className="muted">{t.rules.text.loading}</p> : null}
      <div ref={host} className="code-host" />
      <p className="hint" data-testid="ruleset-status">
        {draft?.status === "checking"
          ? t.rules.text.checking
          : errors.length
            ? t.rules.text.errors(errors.length)
            : t.rules.text.applied}
      </p>
      {draft?.diagnostics.length ? (
        <ul className="diagnostics" data-testid="diagnostics">
          {draft.diagnostics.map((d) => (
            <li key={`${d.line}:${d.column}:${d.code}`} className={`diag diag--${d.severity}`}>
              {t.rules.diagnostic(d.line, d.column, d.message)}
              {d.hint ? <span className="muted"> {d.hint}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
