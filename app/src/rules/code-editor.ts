import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { defaultHighlightStyle, StreamLanguage, syntaxHighlighting } from "@codemirror/language";
import { type Diagnostic, lintGutter, setDiagnostics } from "@codemirror/lint";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";
import { TARGET_NAMES } from "@nfx/iptables-save";
import type { DiagnosticView } from "../sim/protocol";
import { nftLanguage } from "./nft-language";

/** The modelled targets' `-j` names, from the parser's own registry. */
const TARGETS = new RegExp(`^(${TARGET_NAMES.join("|")})\\b`);

/** iptables-save lines: `*table`, `:CHAIN POLICY [p:b]`, `-A CHAIN options`, `COMMIT`, `# comments`. */
const iptablesSave = StreamLanguage.define<{ head: "none" | "chain" }>({
  name: "iptables-save",
  startState: () => ({ head: "none" }),
  token(stream, state) {
    if (stream.sol()) {
      state.head = "none";
      if (stream.match(/^#.*/)) return "comment";
      if (stream.match(/^\*\S+/)) return "heading";
      if (stream.match(/^COMMIT\b/)) return "keyword";
      if (stream.match(/^:\S+/)) {
        state.head = "chain";
        return "definition";
      }
    }
    if (stream.eatSpace()) return null;
    if (stream.match(/^\[\d+:\d+\]/)) return "meta";
    if (state.head === "chain" && stream.match(/^(ACCEPT|DROP|-)\b/)) return "keyword";
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return "string";
    if (stream.match(/^!/)) return "operator";
    if (stream.match(/^--?[A-Za-z][\w-]*/)) return "propertyName";
    if (stream.match(TARGETS)) return "keyword";
    if (stream.match(/^[\d./:,x]+(?=\s|$)/)) return "number";
    stream.match(/^\S+/);
    return "variableName";
  },
});

export interface CodeEditor {
  /** Replaces the whole text (an edit made elsewhere); does not call `onChange`. */
  setText(text: string): void;
  /** Underlines each problem at its line and column, with the message on hover and in the gutter. */
  showDiagnostics(diagnostics: readonly DiagnosticView[]): void;
  /** The accessible name, in the reader's language (it follows a language switch). */
  setLabel(label: string): void;
  readonly text: string;
  destroy(): void;
}

/** The ruleset's code editor: one plain object owning its DOM node, created and destroyed by one effect. */
export function createCodeEditor(
  parent: HTMLElement,
  opts: {
    text: string;
    label: string;
    /** `read` gives the text (costly for a large one); `length` is free. */
    onChange: (read: () => string, length: number) => void;
    onDropFile: (text: string) => void;
    /** Which language colours the text; default iptables-save. */
    language?: "iptables-save" | "nft";
    /** The editor's test id; default `ruleset-code`. */
    testId?: string;
    /** Pasted text: true when the caller took it elsewhere (nft pasted into the iptables text), so it is not inserted. */
    onPaste?: (text: string) => boolean;
  },
): CodeEditor {
  let silent = false;
  /** The text last given to `setText` (or the first), null once the user typed: comparing with it is free,
   * while `doc.toString()` of a 9 MB ruleset costs tens of milliseconds. */
  let given: string | null = opts.text;
  const attributes = new Compartment();
  const attrs = (label: string) =>
    // tabindex: the text is reachable by Tab anyway (contenteditable); saying so lets checkers see the scroller's
    // content is focusable (axe's scrollable-region-focusable).
    EditorView.contentAttributes.of({
      "aria-label": label,
      "data-testid": opts.testId ?? "ruleset-code",
      tabindex: "0",
    });
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: opts.text,
      extensions: [
        lineNumbers(),
        highlightActiveLine(),
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        opts.language === "nft" ? nftLanguage : iptablesSave,
        syntaxHighlighting(defaultHighlightStyle),
        lintGutter(),
        attributes.of(attrs(opts.label)),
        EditorView.updateListener.of((u) => {
          if (!u.docChanged || silent) return;
          given = null;
          opts.onChange(() => u.state.doc.toString(), u.state.doc.length);
        }),
        EditorView.domEventHandlers({
          drop(event) {
            const file = event.dataTransfer?.files[0];
            if (!file) return false;
            event.preventDefault();
            void file.text().then(opts.onDropFile);
            return true;
          },
          paste(event) {
            const text = event.clipboardData?.getData("text/plain");
            if (!text || !opts.onPaste?.(text)) return false;
            event.preventDefault();
            return true;
          },
        }),
      ],
    }),
  });
  const editor: CodeEditor = {
    setText(text) {
      if (text === given || (given === null && text === view.state.doc.toString())) return;
      given = text;
      silent = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      silent = false;
    },
    showDiagnostics(diagnostics) {
      const doc = view.state.doc;
      const out: Diagnostic[] = [];
      for (const d of diagnostics) {
        if (d.line < 1 || d.line > doc.lines) continue;
        const line = doc.line(d.line);
        const from = Math.min(line.to, line.from + Math.max(0, d.column - 1));
        const to = d.endColumn ? Math.min(line.to, line.from + d.endColumn - 1) : line.to;
        out.push({
          from,
          to: Math.max(to, from),
          severity: d.severity === "error" ? "error" : "warning",
          message: d.hint ? `${d.message} ${d.hint}` : d.message,
          source: d.code,
        });
      }
      view.dispatch(setDiagnostics(view.state, out));
    },
    setLabel(label) {
      view.dispatch({ effects: attributes.reconfigure(attrs(label)) });
    },
    get text() {
      return view.state.doc.toString();
    },
    destroy: () => view.destroy(),
  };
  return editor;
}
