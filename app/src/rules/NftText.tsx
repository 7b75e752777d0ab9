import { useT } from "../i18n/use-t";
import { useApp } from "../state/context";
import { useNft, useNftUi } from "./context";
import { useLazyCodeEditor } from "./use-lazy-code-editor";

/**
 * The scenario's native nftables ruleset as text, with nft's colours and nft's own diagnostics (line:column).
 * What is typed is applied once nft's parser finds no error; until then it stays here, autosaved, with its
 * errors underlined and listed, and the rules in use do not change.
 */
export function NftText() {
  const t = useT();
  const applied = useApp((s) => s.scenario.nftables ?? "");
  const nft = useApp((s) => s.view?.nft ?? null);
  const c = useNft();
  const draft = useNftUi((s) => s.draft);
  const pasted = useNftUi((s) => s.pasted);
  const { host, ready } = useLazyCodeEditor({
    label: t.nft.text.label,
    applied,
    draft,
    language: "nft",
    testId: "nft-code",
    keep: (text) => c.typed(text),
    check: (text) => void c.setText(text),
    onDropFile: (text, editor) => {
      editor.setText(text);
      void c.setText(text);
    },
  });

  const errors = draft?.diagnostics.filter((d) => d.severity === "error") ?? [];
  // The applied text's warnings (unsimulated families, kept expressions) stay listed; a draft lists its own.
  const shown = draft ? draft.diagnostics : (nft?.diagnostics ?? []);
  return (
    <div className="ruleset-text nft-text">
      {!ready ? <p className="muted">{t.rules.text.loading}</p> : null}
      {pasted ? (
        <p className="hint" role="status" data-testid="nft-pasted">
          {t.nft.text.pasted}
        </p>
      ) : null}
      {!draft && applied === "" ? <p className="hint">{t.nft.text.empty}</p> : null}
      <div ref={host} className="code-host" />
      <p className="hint" data-testid="nft-status">
        {draft?.status === "checking"
          ? t.rules.text.checking
          : errors.length
            ? t.rules.text.errors(errors.length)
            : nft
              ? `${t.nft.text.applied(nft.tables.length, nft.ruleCount)}${nft.language === "nft-json" ? ` ${t.nft.text.json}` : ""}`
              : null}
      </p>
      {shown.length ? (
        <ul className="diagnostics" data-testid="nft-diagnostics">
          {shown.map((d) => (
            <li key={`${d.line}:${d.column}:${d.code}`} className={`diag diag--${d.severity}`}>
              {t.rules.diagnostic(d.line, d.column, d.message)}
              {d.hint ? <span className="muted"> {d.hint}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {draft ? (
        <button type="button" onClick={c.discardDraft}>
          {t.nft.text.discard}
        </button>
      ) : null}
    </div>
  );
}
