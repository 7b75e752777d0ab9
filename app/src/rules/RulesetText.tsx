import { detectRulesetLanguage } from "@nfx/nftables";
import { useState } from "react";
import { useT } from "../i18n/use-t";
import { isHandle, type RulesetHandle } from "../sim/ruleset-source";
import { useApp } from "../state/context";
import { useNft, useNftUi, useRules, useRulesUi } from "./context";
import { downloadBlob } from "./io";
import { NftText } from "./NftText";
import { TextModeSwitch } from "./TextModeSwitch";
import { useLazyCodeEditor } from "./use-lazy-code-editor";

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
  const nft = useNft();
  const draft = useRulesUi((s) => s.draft);
  const { host, ready } = useLazyCodeEditor({
    label: t.rules.text.label,
    applied,
    draft,
    keep: (text) => c.typed(text),
    keepAtOnceUpTo: LIVE_DRAFT,
    check: (text) => void c.setText(text),
    onDropFile: (text, editor) => {
      if (detectRulesetLanguage(text) !== "iptables-save") {
        nft.setMode("nft");
        void nft.setText(text, "paste");
        return;
      }
      editor.setText(text);
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
