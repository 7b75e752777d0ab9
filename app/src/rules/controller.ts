import { detectRulesetLanguage } from "@nfx/nftables";
import { EditHistory, type RulesetEdit } from "@nfx/ruleset-edit";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { Engine, EngineAnswer } from "../sim/engine";
import { nftPinTable } from "../sim/numgen-pins";
import type { DiagnosticView, OpenProgress } from "../sim/protocol";
import { INLINE_RULESET_BYTES, isHandle, newHandleKey, type RulesetSource, rulesetBytes } from "../sim/ruleset-source";
import type { AppStore } from "../state/store";
import { draftErrors } from "./draft-errors";
import { createRowCache, type RowCache } from "./row-cache";

/** Text the user typed or imported that is not applied yet, with what the parser said about it. */
export interface Draft {
  readonly text: string;
  readonly status: "checking" | "errors";
  readonly diagnostics: readonly DiagnosticView[];
  /** Where it came from, for the message shown beside the rules. */
  readonly source: "editor" | "import";
}

export interface RulesUiState {
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly draft: Draft | null;
  /** Why the last edit was refused, in the kernel's words; cleared by the next edit. */
  readonly refusal: string | null;
  /** A file being opened: its name and how far it has come (null until the worker first reports). */
  readonly opening: { readonly name: string; readonly progress: OpenProgress | null } | null;
  /** Why the last file could not be opened; cleared by the next one. */
  readonly openError: OpenError | null;
  /** A short confirmation, by code (worded when shown, so it follows a language switch); cleared by the next action. */
  readonly note: RulesNote | null;
}

/** A file that did not open: too large for any browser (size and limit in bytes), or a failure in its words. */
export type OpenError =
  | { readonly kind: "too-large"; readonly name: string; readonly bytes: number; readonly limit: number }
  | { readonly kind: "failed"; readonly name: string; readonly message: string };

/** What the toolbar confirms: a copy to the clipboard or a download (`t.rules.copied`, `t.rules.downloaded`). */
export type RulesNote = "copied" | "downloaded";

export interface RulesController {
  readonly ui: StoreApi<RulesUiState>;
  readonly engine: Engine;
  /** Rule rows of large rulesets, asked of `engine` page by page (see use-rows.ts). */
  readonly rows: RowCache;
  /** The applied ruleset: its text, or a handle on a large one the worker holds (ruleset-source.ts). */
  applied(): RulesetSource;
  /**
   * The applied ruleset's text, read from its handle's Blob when it is held in the worker: only on the user's
   * explicit request (the text view's "Load into the editor"), since it puts the whole text on the page.
   */
  loadText(): Promise<string>;
  /** Applies one structured edit to the applied ruleset; resolves false (with `refusal` set) when refused. */
  edit(edit: RulesetEdit): Promise<boolean>;
  /** Text from the editor: applied once it parses without errors, kept as a draft until then. */
  setText(text: string, source?: Draft["source"]): Promise<boolean>;
  /**
   * A file the user opened or dropped: the worker reads and parses it (progress in `opening`); applied like
   * `setText` once clean, kept as a draft otherwise. Resolves false when it was not applied.
   */
  openFile(file: Blob, name: string): Promise<boolean>;
  /** Cancels the file being opened; the ruleset in force stays. */
  cancelOpen(): void;
  /** Text as it is being typed, before it is checked: kept in the app store at once, so the autosave has it. */
  typed(text: string): void;
  /** Drops the draft: the editor shows the applied ruleset again. */
  discardDraft(): void;
  undo(): void;
  redo(): void;
  exportText(as: "save" | "commands"): Promise<string | null>;
  pin(table: string, chain: string, ruleIndex: number | null): void;
  /** Pins the numgen of a kube-proxy nftables service chain to `value` (one of an endpoint's values); null: random. */
  pinNumgen(family: string, table: string, chain: string, value: number | null): void;
  say(note: RulesNote | null): void;
  /** Starts recording the app's ruleset changes for undo; returns the function that stops it. */
  connect(): () => void;
}

/** A large ruleset's old texts are kept only up to this many characters in all (about 8 kube-5000 files). */
const HISTORY_CHARS = 64_000_000;

/**
 * The rules editor's controller: every change becomes a new ruleset text applied through the app store, so
 * the store keeps its one source of truth (`scenario.ruleset`) and its revision logic, and every edit re-runs
 * the packets. Undo keeps texts, which are immutable and shared, not copies.
 */
export function createRulesController(
  app: AppStore,
  engine: Engine,
  /** Where an opened file that is nft text (`nft list ruleset`, `nft -j`) goes instead: the nft side. */
  toNft?: (text: string) => Promise<boolean>,
): RulesController {
  const ui = createStore<RulesUiState>()(() => ({
    canUndo: false,
    canRedo: false,
    draft: null,
    refusal: null,
    opening: null,
    openError: null,
    note: null,
  }));
  let cancelOpening: (() => void) | null = null;
  // A handle's text is not on the page, but its Blob still costs the browser memory: it weighs its size too.
  const history = new EditHistory<RulesetSource>(app.getState().scenario.ruleset, {
    entries: 200,
    weight: HISTORY_CHARS,
    weigh: rulesetBytes,
  });
  const sync = () => ui.setState({ canUndo: history.canUndo, canRedo: history.canRedo });
  let travelling = false;
  // Every change of the ruleset, whoever made it (an edit, the text, a reset, a shared link), is one undo step.
  const record = (s: ReturnType<AppStore["getState"]>) => {
    if (s.scenario.ruleset === history.current || travelling) return;
    history.push(s.scenario.ruleset);
    sync();
  };
  const travel = (to: RulesetSource | null) => {
    if (to === null) return;
    travelling = true;
    app.getState().setRuleset(to);
    travelling = false;
    ui.setState({ draft: null, refusal: null });
    app.getState().setTextDraft(null);
    sync();
  };
  let draftSeq = 0;
  /** Checks a text in the worker; applies it when it parses without errors, keeps it as the draft otherwise. */
  const check = async (text: string, source: Draft["source"], parse: () => Promise<EngineAnswer>) => {
    const seq = ++draftSeq;
    if (text === app.getState().scenario.ruleset) {
      ui.setState({ draft: null });
      app.getState().setTextDraft(null);
      return true;
    }
    ui.setState({ draft: { text, status: "checking", diagnostics: [], source }, note: null });
    app.getState().setTextDraft(text);
    const answer = await parse();
    if (seq !== draftSeq) return false; // the user typed on: a newer text is being checked
    const errors = draftErrors(answer, "parse");
    if (errors) {
      ui.setState({ draft: { text, status: "errors", diagnostics: errors, source } });
      return false;
    }
    ui.setState({ draft: null });
    app.getState().setRuleset(asApplied(text, answer.kind === "parse" ? answer.ruleCount : 0));
    app.getState().setTextDraft(null);
    return true;
  };
  /**
   * A large text typed or pasted is applied as a handle on a Blob of it, like a large file: the store, the
   * autosave and the share controls then treat every large ruleset alike, and the page's copy lives only as
   * long as the editor that shows it.
   */
  const asApplied = (text: string, rules: number): RulesetSource => {
    if (text.length <= INLINE_RULESET_BYTES) return text;
    const before = app.getState().scenario.ruleset;
    const blob = new Blob([text], { type: "text/plain" });
    const name = isHandle(before) ? before.name : "rules.v4";
    return { kind: "handle", key: newHandleKey(), blob, bytes: blob.size, rules, name };
  };

  // Text typed before the last reload (autosaved, valid or not) is checked again and shown as the draft.
  const restored = app.getState().textDraft;
  if (restored !== null) void check(restored, "editor", () => engine.query({ kind: "parse", text: restored }));

  return {
    ui,
    engine,
    rows: createRowCache(engine),
    applied: () => app.getState().scenario.ruleset,
    async loadText() {
      const r = app.getState().scenario.ruleset;
      return isHandle(r) ? r.blob.text() : r;
    },
    async edit(edit) {
      ui.setState({ refusal: null, note: null });
      const answer = await engine.query({ kind: "edit", ruleset: app.getState().scenario.ruleset, edit });
      if (answer.kind === "edit" && answer.ok) {
        app.getState().setRuleset(answer.ruleset);
        return true;
      }
      const reason =
        answer.kind === "edit" && !answer.ok ? answer.reason : answer.kind === "failed" ? answer.message : "refused";
      ui.setState({ refusal: reason });
      return false;
    },
    setText: (text, source = "editor") => check(text, source, () => engine.query({ kind: "parse", text })),
    async openFile(file, name) {
      cancelOpening?.(); // a second file replaces one still opening
      ui.setState({ opening: { name, progress: null }, openError: null, note: null });
      const opening = engine.open(file, (progress) => ui.setState({ opening: { name, progress } }));
      cancelOpening = opening.cancel;
      const outcome = await opening.done;
      if (cancelOpening === opening.cancel) {
        cancelOpening = null;
        ui.setState({ opening: null });
      }
      switch (outcome.kind) {
        case "parsed": {
          const r = outcome.ruleset;
          // A large file that parsed cleanly stays in the worker: the store takes its handle, as applied.
          if (isHandle(r)) {
            draftSeq++;
            ui.setState({ draft: null });
            app.getState().setRuleset(r);
            app.getState().setTextDraft(null);
            return true;
          }
          // `nft list ruleset` opened as a file goes to the native side, as pasted text does.
          if (toNft && detectRulesetLanguage(r) !== "iptables-save") return toNft(r);
          return check(r, "import", async () => outcome.parse);
        }
        case "too-large":
          ui.setState({ openError: { kind: "too-large", name, bytes: outcome.bytes, limit: outcome.limit } });
          return false;
        case "failed":
          ui.setState({ openError: { kind: "failed", name, message: outcome.message } });
          return false;
        case "cancelled":
          return false;
      }
    },
    cancelOpen: () => cancelOpening?.(),
    typed: (text) => app.getState().setTextDraft(text === app.getState().scenario.ruleset ? null : text),
    discardDraft() {
      draftSeq++;
      ui.setState({ draft: null });
      app.getState().setTextDraft(null);
    },
    undo: () => travel(history.undo()),
    redo: () => travel(history.redo()),
    async exportText(as) {
      const s = app.getState();
      const answer = await engine.query({ kind: "export", revision: s.viewRevision, as });
      return answer.kind === "export" ? answer.text : null;
    },
    pin: (table, chain, ruleIndex) => app.getState().setPin(table, chain, ruleIndex),
    pinNumgen: (family, table, chain, value) => app.getState().setPin(nftPinTable(family, table), chain, value),
    say: (note) => ui.setState({ note }),
    connect: () => {
      record(app.getState());
      return app.subscribe(record);
    },
  };
}
