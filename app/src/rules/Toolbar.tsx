import { useRef } from "react";
import { useT } from "../i18n/use-t";
import { isHandle } from "../sim/ruleset-source";
import { useRules, useRulesUi } from "./context";
import { copy, download, downloadBlob } from "./io";

/** Undo, redo, import and export: what acts on the whole ruleset. */
export function Toolbar() {
  const t = useT();
  const c = useRules();
  const canUndo = useRulesUi((s) => s.canUndo);
  const canRedo = useRulesUi((s) => s.canRedo);
  const note = useRulesUi((s) => s.note);
  const file = useRef<HTMLInputElement>(null);
  return (
    <div className="rules-toolbar" role="toolbar" aria-label={t.rules.toolbar}>
      <button type="button" onClick={c.undo} disabled={!canUndo} title="Ctrl+Z" data-testid="undo">
        ↶ {t.rules.undo}
      </button>
      <button type="button" onClick={c.redo} disabled={!canRedo} title="Ctrl+Shift+Z, Ctrl+Y" data-testid="redo">
        ↷ {t.rules.redo}
      </button>
      <button type="button" onClick={() => file.current?.click()}>
        {t.rules.open}
      </button>
      <input
        ref={file}
        type="file"
        accept=".v4,.rules,.txt,.sh,text/plain"
        hidden
        data-testid="import-file"
        onChange={async (e) => {
          const f = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (f) await c.openFile(f, f.name);
        }}
      />
      <button
        type="button"
        data-testid="export-save"
        onClick={async () => {
          // A ruleset held in the engine is its file already: saved as is, never read into the page.
          const held = c.applied();
          if (isHandle(held)) {
            downloadBlob(held.name, held.blob);
            c.say("downloaded");
            return;
          }
          const text = await c.exportText("save");
          if (text !== null) {
            download("rules.v4", text);
            c.say("downloaded");
          }
        }}
      >
        {t.rules.download}
      </button>
      <button
        type="button"
        onClick={async () => {
          const text = await c.exportText("commands");
          if (text !== null && (await copy(text))) c.say("copied");
        }}
      >
        {t.rules.copyCommands}
      </button>
      <span className="rules-note" aria-live="polite">
        {note ? t.rules[note] : null}
      </span>
    </div>
  );
}
