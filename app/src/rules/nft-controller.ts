import { createStore, type StoreApi } from "zustand/vanilla";
import type { Engine } from "../sim/engine";
import type { DiagnosticView } from "../sim/protocol";
import { isEmptyRuleset } from "../sim/ruleset-source";
import type { AppStore } from "../state/store";
import { draftErrors } from "./draft-errors";

/** nftables text typed or pasted that is not applied yet, with what nft's parser said about it. */
export interface NftDraft {
  readonly text: string;
  readonly status: "checking" | "errors";
  readonly diagnostics: readonly DiagnosticView[];
  /** Pasted into the iptables text and moved here because it is nft: the view says so. */
  readonly source: "editor" | "paste";
}

/** Which of the scenario's two rulesets the text view shows. */
export type TextMode = "iptables" | "nft";

export interface NftUiState {
  readonly draft: NftDraft | null;
  /** The last text came from a paste into the iptables text: said once, until the next change. */
  readonly pasted: boolean;
  readonly mode: TextMode;
}

export interface NftController {
  readonly ui: StoreApi<NftUiState>;
  /** The applied nftables text; "" when the scenario has none. */
  appText(): string;
  /**
   * Text for the nft side: applied once nft's parser finds no error (an empty text removes the native ruleset),
   * kept as the draft, with its errors, until then. Nothing typed is dropped.
   */
  setText(text: string, source?: NftDraft["source"]): Promise<boolean>;
  /** Text as it is being typed, kept in the app store at once so the autosave has it. */
  typed(text: string): void;
  discardDraft(): void;
  setMode(mode: TextMode): void;
  /** Follows scenarios replaced from elsewhere (a link, a lesson, a reset); returns the function that stops it. */
  connect(): () => void;
}

/**
 * The native nftables text's controller. Like the iptables one, every change goes through the app store
 * (`scenario.nftables`), so links, files and the autosave carry it and every change re-runs the packets.
 */
export function createNftController(app: AppStore, engine: Engine): NftController {
  const s0 = app.getState().scenario;
  const ui = createStore<NftUiState>()(() => ({
    draft: null,
    pasted: false,
    // A scenario with native rules only opens on them.
    mode: isEmptyRuleset(s0.ruleset) && s0.nftables !== undefined ? "nft" : "iptables",
  }));
  const applied = () => app.getState().scenario.nftables ?? "";
  let seq = 0;

  const check = async (text: string, source: NftDraft["source"]) => {
    const mine = ++seq;
    ui.setState({ pasted: source === "paste" });
    if (text === applied()) {
      ui.setState({ draft: null });
      app.getState().setNftDraft(null);
      return true;
    }
    ui.setState({ draft: { text, status: "checking", diagnostics: [], source } });
    app.getState().setNftDraft(text);
    if (text.trim() === "") {
      ui.setState({ draft: null });
      app.getState().setNftables(null);
      app.getState().setNftDraft(null);
      return true;
    }
    const answer = await engine.query({ kind: "parse-nft", text });
    if (mine !== seq) return false; // typed on: a newer text is being checked
    const errors = draftErrors(answer, "parse-nft");
    if (errors) {
      ui.setState({ draft: { text, status: "errors", diagnostics: errors, source } });
      return false;
    }
    ui.setState({ draft: null });
    app.getState().setNftables(text);
    app.getState().setNftDraft(null);
    return true;
  };

  // nft text typed before the last reload (autosaved, valid or not) is checked again and shown as the draft.
  const restored = app.getState().nftDraft;
  if (restored !== null) {
    ui.setState({ mode: "nft" });
    void check(restored, "editor");
  }

  return {
    ui,
    appText: applied,
    setText: (text, source = "editor") => check(text, source),
    typed: (text) => app.getState().setNftDraft(text === applied() ? null : text),
    discardDraft() {
      seq++;
      ui.setState({ draft: null });
      app.getState().setNftDraft(null);
    },
    setMode: (mode) => ui.setState({ mode }),
    connect: () =>
      app.subscribe((s, prev) => {
        if (s.scenario === prev.scenario || ui.getState().draft) return;
        const had = prev.scenario.nftables !== undefined;
        const has = s.scenario.nftables !== undefined;
        // A scenario that gains or loses its native rules shows the side that has rules.
        if (has && !had && isEmptyRuleset(s.scenario.ruleset)) ui.setState({ mode: "nft" });
        if (!has && had) ui.setState({ mode: "iptables" });
      }),
  };
}
