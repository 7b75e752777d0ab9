import { type RefObject, useEffect, useRef, useState } from "react";
import type { CodeEditor } from "./code-editor";

type Diagnostics = Parameters<CodeEditor["showDiagnostics"]>[0];

export interface LazyCodeEditorOptions {
  /** The accessible name, in the reader's language: it follows a language switch without rebuilding the editor. */
  readonly label: string;
  /** The applied ruleset's text, shown when there is no draft. */
  readonly applied: string;
  /** What was typed or imported and not applied (with its problems): shown in place of the applied text. */
  readonly draft: { readonly text: string; readonly diagnostics: Diagnostics } | null;
  readonly language?: "iptables-save" | "nft";
  readonly testId?: string;
  /** Keeps typed text (the autosave), so a reload or a crash right after typing loses nothing. */
  readonly keep: (text: string) => void;
  /** Up to this length typed text is kept at every keystroke; longer (reading it costs tens of ms), when the page hides. */
  readonly keepAtOnceUpTo?: number;
  /** Checks typed text, 300 ms after the last keystroke (and at once when the editor goes away). */
  readonly check: (text: string) => void;
  readonly onDropFile: (text: string, editor: CodeEditor) => void;
  readonly onPaste?: (text: string) => boolean;
}

/**
 * A ruleset's code editor, loaded on first use so CodeMirror stays out of the first view's bundle: made once (its
 * history survives renders), showing the draft when there is one and the applied text otherwise. `ready` is false
 * until the editor's code has arrived.
 */
export function useLazyCodeEditor(options: LazyCodeEditorOptions): {
  readonly host: RefObject<HTMLDivElement | null>;
  readonly ready: boolean;
} {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<CodeEditor | null>(null);
  const [ready, setReady] = useState(false);
  // The editor is made once: it reads the options of the moment through this ref, not those of the first render.
  const latestOptions = useRef(options);
  latestOptions.current = options;
  const { label, draft, applied } = options;

  useEffect(() => {
    if (ready) editor.current?.setLabel(label);
  }, [ready, label]);

  // Made once per mount: the callbacks read the options of the moment, and the controllers live as long as the app.
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    /** The text typed since it was last kept, read only when needed. */
    let unsaved: (() => string) | null = null;
    /** The text typed since it was last checked. */
    let latest: (() => string) | null = null;
    const keep = () => {
      if (unsaved) latestOptions.current.keep(unsaved());
      unsaved = null;
    };
    const check = () => {
      timer = null;
      const read = latest;
      latest = null;
      if (read) latestOptions.current.check(read());
    };
    // A reload or a tab switch must not lose what was typed (the autosave writes it at once).
    const onHide = () => {
      if (document.visibilityState === "hidden") keep();
    };
    window.addEventListener("pagehide", keep);
    document.addEventListener("visibilitychange", onHide);
    void import("./code-editor").then(({ createCodeEditor }) => {
      if (!live || !host.current) return;
      const o = latestOptions.current;
      const made = createCodeEditor(host.current, {
        text: o.draft?.text ?? o.applied,
        label: o.label,
        ...(o.language ? { language: o.language } : {}),
        ...(o.testId ? { testId: o.testId } : {}),
        onChange: (read, length) => {
          latest = read;
          unsaved = read;
          if (length <= (latestOptions.current.keepAtOnceUpTo ?? Number.POSITIVE_INFINITY)) keep();
          if (timer) clearTimeout(timer);
          timer = setTimeout(check, 300);
        },
        onDropFile: (text) => latestOptions.current.onDropFile(text, made),
        ...(o.onPaste ? { onPaste: (text: string) => latestOptions.current.onPaste?.(text) ?? false } : {}),
      });
      editor.current = made;
      if (o.draft) made.showDiagnostics(o.draft.diagnostics);
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
  }, []);

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

  return { host, ready };
}
