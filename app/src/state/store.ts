import type { ScenarioPacket } from "@nfx/scenario";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { Lang } from "../i18n";
import { type Frame, firstFrameOfItem, packetSpan, verdictFrame } from "../playback/frames";
import type { ShareMessage } from "../share/messages";
import type { Engine } from "../sim/engine";
import { MAX_RULESET_FILE_BYTES } from "../sim/file-limit";
import type { EndpointPins, EngineError, SimView, ValidationStatus } from "../sim/protocol";
import type { PageScenario, RulesetSource } from "../sim/ruleset-source";
import { createSelectorMemo, type SelectorMemo, selectFrames, selectItems } from "./selectors";

export type Theme = "light" | "dark";

/**
 * A scenario whose computation did not finish (it ran past the time limit, crashed the engine, or the user
 * stopped it). It is not run again by itself, not even after a reload: the user opens it anyway or drops it.
 */
export interface HeldScenario {
  readonly scenario: PageScenario;
  readonly reason: HeldReason;
}
export type HeldReason =
  | { readonly code: "timeout"; readonly ms: number }
  | { readonly code: "worker-crashed"; readonly message: string }
  | { readonly code: "stopped" };

/** How the autosave is doing, for the notices that say so (app/src/persist). */
export interface PersistStatus {
  /** The last save failed: the work lives only in this tab until it is downloaded or a save succeeds. */
  readonly failure: { readonly reason: "quota" | "unavailable" | "error"; readonly message: string } | null;
  /** When another tab last saved its own work (ms since the epoch), while this tab is open. */
  readonly otherTab: number | null;
  /** The ruleset text being edited was brought back from the autosave. */
  readonly restoredDraft: boolean;
}
export type SimStatus = "idle" | "busy";

export interface ChainRef {
  readonly table: string;
  readonly chain: string;
  /** The hook the cell belongs to (for user chains reached from it). */
  readonly hook: string;
}

/**
 * What the user edits (the scenario), coarse playback state and this instance's settings (language, theme).
 * Derived data (frames, counters per cell) is selected from `view`, never stored; the selectors' memos live in
 * `memo`. Per-frame animation state lives in the animator, not here. Nothing of an app instance lives at module
 * level, so two stores (two tests, two embedded explorers) share neither language, caches nor playback.
 */
export interface AppState {
  readonly scenario: PageScenario;
  /** Which endpoint each pinned service chain takes (`table:chain` -> 0-based rule index); sent with every simulation. */
  readonly pins: EndpointPins;
  /** Bumped on every edit; answers for an older revision are dropped. */
  readonly revision: number;
  readonly status: SimStatus;
  readonly view: SimView | null;
  /** The revision `view` was computed for. */
  readonly viewRevision: number;
  /**
   * Where the background check of the shown ruleset stands (`view.validation` when the view came, then as the
   * engine reports it); null before the first view.
   */
  readonly validation: ValidationStatus | null;
  readonly error: EngineError | null;
  readonly notice: "timeout" | "crashed" | null;

  readonly cursor: number;
  readonly playing: boolean;
  /** Playing stops at this frame (the end of one packet and its answers); null: play to the end. */
  readonly stopAt: number | null;
  /** After the next computation: play this scenario packet (1-based), e.g. after a lesson's edit step. */
  readonly replayPacket: number | null;
  readonly speed: number;
  /** User's no-animation switch. */
  readonly animate: boolean;
  /** From `prefers-reduced-motion`: tokens jump and nothing autoplays. */
  readonly reducedMotion: boolean;

  /** After a packet is sent: play from the first frame of the packets the next answer adds. */
  readonly autoplayNew: boolean;
  /** How many play items the last answer had (the ones after it are new). */
  readonly knownItems: number;

  readonly selected: ChainRef | null;
  readonly theme: Theme;
  /** Whether the panels' sheet under the diagram is open; closed, the diagram has the page to itself. */
  readonly panelsOpen: boolean;
  /** Presentation mode (`f`): the diagram, the current sentence and the playback bar alone. */
  readonly presenting: boolean;
  /** The interface language: a switch re-renders, it never simulates again. */
  readonly lang: Lang;
  /** What happened to a link or a file, or that the work is too large to keep (codes, rendered when shown). */
  readonly message: ShareMessage | null;
  /** The scenario the address bar's fragment stands for (opened from it, or just shared). */
  readonly linked: PageScenario | null;
  /** The work a Reset or a packet's removal replaced, until the next edit: `undo()` brings it back. */
  readonly undoable: Undoable | null;
  /** The selectors' memos for this store (see selectors.ts); the same object for the store's lifetime. */
  readonly memo: SelectorMemo;

  /** Ruleset text typed (or imported) and not applied yet, valid or not: autosaved so nothing typed is lost. */
  readonly textDraft: string | null;
  /** nftables text typed (or pasted) and not applied yet, valid or not: autosaved like `textDraft`. */
  readonly nftDraft: string | null;
  /** A scenario set aside because its computation did not finish; `scenario` is the work before it. */
  readonly held: HeldScenario | null;
  /** A computation without a time limit is running (the user opened a held scenario): it can be stopped. */
  readonly unlimited: boolean;
  readonly persist: PersistStatus;
}

export interface AppActions {
  /**
   * Changes the ruleset (its text, or a handle on one the worker holds: ruleset-source.ts); with `replay`,
   * plays that packet (1-based) once the new result is in.
   */
  setRuleset(ruleset: RulesetSource, replay?: number): void;
  /** Changes the native nftables ruleset; `null` removes it (the host then has iptables tables only). */
  setNftables(text: string | null, replay?: number): void;
  /** Sets one host sysctl (as `sysctl -w NAME=VALUE` would); with `replay`, plays that packet once the result is in. */
  setSysctl(name: string, value: number, replay?: number): void;
  /** Pins the endpoint a kube-proxy service chain picks (the rule at `ruleIndex`), or lets it draw (`null`). */
  setPin(table: string, chain: string, ruleIndex: number | null): void;
  sendPacket(packet: ScenarioPacket): void;
  removePacket(index: number): void;
  /** Replaces the scenario; `undoable` keeps the current work for `undo()` (the Reset button). */
  resetScenario(scenario: PageScenario, undoable?: boolean): void;
  /** Brings back the work the last Reset or packet removal replaced. */
  undo(): void;
  /** Forgets the undoable work (the notice offering it was closed). */
  forgetUndo(): void;
  /** Computes the current scenario again (after the worker was replaced). */
  recompute(): void;
  setCursor(index: number): void;
  stepForward(): void;
  stepBack(): void;
  play(): void;
  pause(): void;
  /** Called by the animator when a step has been shown long enough. */
  advance(): void;
  jumpToVerdict(): void;
  playItem(item: number): void;
  /**
   * Plays scenario packet `n` (1-based) and the answers it caused, then stops. Picking a packet (list, lesson)
   * only shows its first step when animation is off; the Play button (`always`) plays it anyway, as Play does.
   */
  playPacket(n: number, always?: boolean): void;
  /** Plays every packet from the first step to the end. */
  playAll(): void;
  /** Moves to the first step of the next (+1) or previous (-1) scenario packet. */
  skipPacket(direction: 1 | -1): void;
  setSpeed(speed: number): void;
  setAnimate(on: boolean): void;
  setReducedMotion(on: boolean): void;
  select(ref: ChainRef | null): void;
  setTheme(theme: Theme): void;
  setPanelsOpen(open: boolean): void;
  setPresenting(on: boolean): void;
  setLang(lang: Lang): void;
  showMessage(message: ShareMessage | null): void;
  markLinked(scenario: PageScenario | null): void;
  dismissNotice(): void;
  setTextDraft(text: string | null): void;
  setNftDraft(text: string | null): void;
  /** Opens the held scenario anyway, computed without a time limit (`stop` ends it). */
  openHeld(): void;
  /** Drops the held scenario: the previous work, already shown, stays. */
  dropHeld(): void;
  /** Stops the running computation; its scenario becomes held again. */
  stop(): void;
  setPersist(patch: Partial<PersistStatus>): void;
  /**
   * The scenario as a file (JSON) for Save as file, built by the engine, which holds a large ruleset's text:
   * a Blob, so the page never holds it; null when the engine could not build it.
   */
  scenarioFile(scenario: PageScenario): Promise<Blob | null>;
  /**
   * Reads a large scenario file (a saved node, 75 MB) in the engine, so its ruleset stays there as a handle;
   * small files are read on the page (share/file.ts).
   */
  readScenarioFile(file: Blob, name: string): Promise<OpenedScenario>;
}

/** A scenario file read by the engine: its scenario, or why not (as share/file.ts says it for small files). */
export type OpenedScenario =
  | { readonly ok: true; readonly scenario: PageScenario }
  | { readonly ok: false; readonly reason: "not-json"; readonly message: string }
  | { readonly ok: false; readonly reason: "invalid"; readonly errors: readonly string[] }
  | { readonly ok: false; readonly reason: "too-big"; readonly limit: number };

export type AppStore = StoreApi<AppState & AppActions>;

/** What `undo()` can bring back, and what was done to it (for the notice that offers it). */
export interface Undoable {
  readonly what: { readonly kind: "reset" } | { readonly kind: "remove"; readonly packet: number };
  readonly scenario: PageScenario;
  readonly pins: EndpointPins;
}

export interface StoreOptions {
  readonly engine: Engine;
  readonly scenario: PageScenario;
  readonly animate?: boolean;
  readonly reducedMotion?: boolean;
  readonly theme?: Theme;
  readonly lang?: Lang;
  readonly textDraft?: string | null;
  readonly nftDraft?: string | null;
  /** A scenario held by an earlier session (autosaved): shown as an offer, not run. */
  readonly held?: HeldScenario | null;
  /** What to show when the very first scenario is held (the saved work under a slow link, or the default). */
  readonly fallback?: PageScenario;
  readonly panelsOpen?: boolean;
}

/** Resolves in a later task of the event loop (after the browser may have painted or handled input). */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function itemCount(frames: readonly Frame[]): number {
  return frames.length ? frames[frames.length - 1]!.item + 1 : 0;
}

/** One store per app instance (tests make as many as they like). */
export function createAppStore(opts: StoreOptions): AppStore {
  /** The scenario `view` was computed for: where a held scenario goes back to. */
  let shown: PageScenario | null = null;
  /** Set aside a scenario that did not compute (defined with the actions; the first computation uses it too). */
  let holdScenario: (scenario: PageScenario, reason: HeldReason) => void = () => {};

  const store = createStore<AppState & AppActions>()((set, get) => {
    const canAutoplay = () => get().animate && !get().reducedMotion;

    const moveTo = (index: number, playing = get().playing, stopAt = playing ? get().stopAt : null) => {
      const frames = selectFrames(get());
      const cursor = Math.max(0, Math.min(index, frames.length - 1));
      const f: Frame | undefined = frames[cursor];
      const follow = f?.rule ? { table: f.rule.table, chain: f.rule.chain, hook: f.rule.hook } : get().selected;
      const end = stopAt ?? frames.length - 1;
      const still = playing && cursor < end;
      set({ cursor, playing: still, stopAt: still ? stopAt : null, selected: follow });
    };

    /** Plays scenario packet `n` (1-based) and its answers, then stops. */
    const playPacket = (n: number, always = false) => {
      const span = packetSpan(selectFrames(get()), selectItems(get()), n);
      if (!span) return;
      // Play again from the top of the packet, unless paused inside it: then resume to its end.
      const c = get().cursor;
      const from = always && c > span.first && c < span.last ? c : span.first;
      if (always || canAutoplay()) moveTo(from, true, span.last);
      else moveTo(span.first, false);
    };

    /**
     * A computation that did not finish is not tried again (a worker restart used to recompute the same
     * scenario, forever): the scenario is set aside and the work shown before it comes back.
     */
    const hold = (scenario: PageScenario, reason: HeldReason) => {
      set({ held: { scenario, reason }, status: "idle", playing: false, unlimited: false, error: null, notice: null });
      const back = shown ?? (opts.fallback && opts.fallback !== scenario ? opts.fallback : null);
      if (!back) return;
      const revision = get().revision + 1;
      if (shown) set({ scenario: back, revision, viewRevision: revision });
      else edit(back);
    };
    holdScenario = hold;

    /** Sends the scenario to the engine, tagged with its revision; stale answers are dropped. */
    const compute = async (scenario: PageScenario, revision: number, limit: "limited" | "unlimited" = "limited") => {
      set({ status: "busy", unlimited: limit === "unlimited" });
      const answer = await opts.engine.simulate(revision, scenario, get().pins, limit);
      // The answer was read (deserialised: 100 KB for a node's view) in the worker message's task; it is shown
      // in the next task, so reading it and rendering it are two short tasks rather than one long one.
      await nextTask();
      if (answer.revision !== get().revision) return; // stale: a newer edit is on its way
      if (!answer.ok) {
        const e = answer.error;
        if (e.code === "timeout" || e.code === "worker-crashed" || e.code === "stopped") hold(scenario, e);
        else set({ status: "idle", error: e, playing: false, unlimited: false });
        return;
      }
      const before = get().knownItems;
      shown = scenario;
      set({
        status: "idle",
        view: answer.view,
        viewRevision: revision,
        validation: answer.view.validation,
        error: null,
        unlimited: false,
      });
      const frames = selectFrames(get());
      set({ knownItems: itemCount(frames) });
      const replay = get().replayPacket;
      if (replay !== null) {
        set({ replayPacket: null, autoplayNew: false });
        playPacket(replay);
      } else if (get().autoplayNew) {
        set({ autoplayNew: false });
        const firstNew = frames.findIndex((f) => f.item >= before);
        moveTo(firstNew < 0 ? get().cursor : firstNew, canAutoplay());
      } else {
        moveTo(get().cursor, false);
      }
    };

    const edit = (scenario: PageScenario, limit: "limited" | "unlimited" = "limited") => {
      // A computation without a limit is for a scenario being replaced now: stop it, or the worker stays busy
      // with an answer nobody wants and this edit would time out behind it.
      if (get().unlimited) opts.engine.stop();
      const revision = get().revision + 1;
      // Any edit after a Reset or a removal makes it final: undo would throw that edit away.
      set({ scenario, revision, undoable: null });
      void compute(scenario, revision, limit);
    };

    // The check of the shown ruleset goes on after its view came. Should it find errors, iptables-restore would
    // refuse the whole file: the view shown is simulated again, now with the errors (line and column), so the page
    // never keeps a simulation of a ruleset the kernel refuses without saying so (RulesPanel's ValidationNotice).
    opts.engine.onValidation?.((revision, status) => {
      if (revision !== get().viewRevision) return;
      set({ validation: status });
      if (status.state !== "done" || status.errors === 0 || revision !== get().revision) return;
      const again = revision + 1;
      set({ revision: again });
      void compute(get().scenario, again);
    });

    return {
      scenario: opts.scenario,
      pins: {},
      revision: 0,
      status: "idle",
      view: null,
      viewRevision: -1,
      validation: null,
      error: null,
      notice: null,
      cursor: 0,
      playing: false,
      stopAt: null,
      replayPacket: null,
      speed: 1,
      animate: opts.animate ?? true,
      reducedMotion: opts.reducedMotion ?? false,
      autoplayNew: false,
      knownItems: 0,
      selected: null,
      theme: opts.theme ?? "light",
      panelsOpen: opts.panelsOpen ?? true,
      presenting: false,
      lang: opts.lang ?? "en",
      message: null,
      linked: null,
      undoable: null,
      memo: createSelectorMemo(),
      textDraft: opts.textDraft ?? null,
      nftDraft: opts.nftDraft ?? null,
      held: opts.held ?? null,
      unlimited: false,
      persist: { failure: null, otherTab: null, restoredDraft: false },

      setRuleset: (ruleset, replay) => {
        set({ replayPacket: replay ?? null, playing: false });
        edit({ ...get().scenario, ruleset });
      },
      setNftables: (text, replay) => {
        set({ replayPacket: replay ?? null, playing: false });
        const { nftables, ...iptablesOnly } = get().scenario;
        edit(text === null ? iptablesOnly : { ...get().scenario, nftables: text });
      },
      setSysctl: (name, value, replay) => {
        set({ replayPacket: replay ?? null, playing: false });
        const scenario = get().scenario;
        edit({ ...scenario, host: { ...scenario.host, sysctl: { ...scenario.host.sysctl, [name]: value } } });
      },
      setPin: (table, chain, ruleIndex) => {
        const pins = { ...get().pins };
        if (ruleIndex === null) delete pins[`${table}:${chain}`];
        else pins[`${table}:${chain}`] = ruleIndex;
        set({ pins });
        edit(get().scenario);
      },
      sendPacket: (packet) => {
        set({ autoplayNew: true });
        edit({ ...get().scenario, packets: [...get().scenario.packets, packet] });
      },
      removePacket: (index) => {
        const before: Undoable = {
          what: { kind: "remove", packet: index + 1 },
          scenario: get().scenario,
          pins: get().pins,
        };
        const packets = get().scenario.packets.filter((_, i) => i !== index);
        set({ cursor: 0, playing: false, knownItems: 0 });
        edit({ ...get().scenario, packets });
        set({ undoable: before });
      },
      resetScenario: (scenario, undoable = false) => {
        const before: Undoable = { what: { kind: "reset" }, scenario: get().scenario, pins: get().pins };
        set({ cursor: 0, playing: false, selected: null, pins: {}, knownItems: 0 });
        edit(scenario);
        if (undoable) set({ undoable: before });
      },
      undo: () => {
        const u = get().undoable;
        if (!u) return;
        set({ cursor: 0, playing: false, selected: null, pins: u.pins, knownItems: 0 });
        edit(u.scenario);
      },
      forgetUndo: () => set({ undoable: null }),
      recompute: () => edit(get().scenario),
      setCursor: (index) => moveTo(index, false),
      stepForward: () => moveTo(get().cursor + 1, false),
      stepBack: () => moveTo(get().cursor - 1, false),
      play: () => {
        const frames = selectFrames(get());
        // A paused "Play packet N" resumes to the end of that packet; otherwise Play runs to the end.
        if (get().cursor >= frames.length - 1) moveTo(0, true, null);
        else set({ playing: true });
      },
      pause: () => set({ playing: false }),
      advance: () => {
        if (get().playing) moveTo(get().cursor + 1, true);
      },
      jumpToVerdict: () => moveTo(verdictFrame(selectFrames(get()), get().cursor), false),
      playItem: (item) => moveTo(Math.max(0, firstFrameOfItem(selectFrames(get()), item)), canAutoplay()),
      playPacket,
      playAll: () => moveTo(0, selectFrames(get()).length > 1, null),
      skipPacket: (direction) => {
        const frames = selectFrames(get());
        const items = selectItems(get());
        const here = items[frames[get().cursor]?.item ?? 0]?.afterPacket ?? 1;
        const span = packetSpan(frames, items, here + direction);
        if (span) moveTo(span.first, false);
      },
      setSpeed: (speed) => set({ speed }),
      setAnimate: (animate) => set({ animate, playing: animate ? get().playing : false }),
      setReducedMotion: (reducedMotion) => set({ reducedMotion }),
      select: (selected) => set({ selected }),
      setTheme: (theme) => set({ theme }),
      setPanelsOpen: (panelsOpen) => set({ panelsOpen }),
      setPresenting: (presenting) => set({ presenting }),
      setLang: (lang) => set({ lang }),
      showMessage: (message) => set({ message }),
      markLinked: (linked) => set({ linked }),
      dismissNotice: () => set({ notice: null }),
      setTextDraft: (textDraft) => set({ textDraft }),
      setNftDraft: (nftDraft) => set({ nftDraft }),
      openHeld: () => {
        const held = get().held;
        if (!held) return;
        set({ held: null, cursor: 0, playing: false, pins: {}, knownItems: 0 });
        edit(held.scenario, "unlimited");
      },
      dropHeld: () => set({ held: null }),
      stop: () => opts.engine.stop(),
      setPersist: (patch) => set({ persist: { ...get().persist, ...patch } }),
      readScenarioFile: async (file, name) => {
        if (file.size > MAX_RULESET_FILE_BYTES) return { ok: false, reason: "too-big", limit: MAX_RULESET_FILE_BYTES };
        const a = await opts.engine.query({ kind: "read-scenario", file, name });
        if (a.kind === "scenario") return { ok: true, scenario: a.scenario };
        if (a.kind === "scenario-error")
          return a.reason === "invalid"
            ? { ok: false, reason: "invalid", errors: a.errors }
            : { ok: false, reason: "not-json", message: a.message };
        return { ok: false, reason: "not-json", message: a.kind === "failed" ? a.message : "no answer" };
      },
      scenarioFile: async (scenario) => {
        const answer = await opts.engine.query({ kind: "scenario-file", scenario });
        return answer.kind === "file" ? answer.blob : null;
      },
    };
  });

  /** Runs the first computation; call once the app has mounted. */
  const initial = store.getState();
  void (async () => {
    const revision = initial.revision;
    store.setState({ status: "busy" });
    const answer = await opts.engine.simulate(revision, initial.scenario, initial.pins);
    if (answer.revision !== store.getState().revision) return;
    if (answer.ok) {
      shown = initial.scenario;
      store.setState({
        status: "idle",
        view: answer.view,
        viewRevision: revision,
        validation: answer.view.validation,
        error: null,
      });
      store.setState({ knownItems: itemCount(selectFrames(store.getState())) });
    } else if (answer.error.code === "timeout" || answer.error.code === "worker-crashed")
      holdScenario(initial.scenario, answer.error);
    else store.setState({ status: "idle", error: answer.error });
  })();

  return store;
}

/** Tells the store the worker was replaced, so the UI can say so (nothing is recomputed by itself). */
export function engineRestarted(store: AppStore, why: "timeout" | "crashed"): void {
  store.setState({ notice: why });
}
