import { type ReactNode, useCallback, useEffect, useState } from "react";
import { Diagram } from "./diagram/Diagram";
import { GalleryButton } from "./gallery/GalleryButton";
import { LessonCard } from "./gallery/LessonCard";
import { Tour } from "./gallery/Tour";
import { LangSwitch } from "./i18n/LangSwitch";
import { useT } from "./i18n/use-t";
import { Composer } from "./panels/Composer";
import { ConntrackPanel } from "./panels/ConntrackPanel";
import { CountersPanel } from "./panels/CountersPanel";
import { KernelTracePanel } from "./panels/KernelTracePanel";
import { Narration } from "./panels/Narration";
import { PacketList } from "./panels/PacketList";
import { PlaybackBar } from "./panels/PlaybackBar";
import { ResetButton } from "./panels/ResetButton";
import { TracePanel } from "./panels/TracePanel";
import { UndoNotice } from "./panels/UndoNotice";
import { HeldNotice } from "./persist/HeldNotice";
import { PersistNotice } from "./persist/PersistNotice";
import { useRulesUi } from "./rules/context";
import { RulesetText } from "./rules/RulesetText";
import { RulesPanel } from "./rules/RulesPanel";
import { useUndoKeys } from "./rules/use-undo-keys";
import { ShareControls } from "./share/ShareControls";
import { ShareNotice } from "./share/ShareNotice";
import { useActions, useApp, useAppStoreApi } from "./state/context";
import { selectIdle } from "./state/selectors";
import { FontWarmup } from "./ui/FontWarmup";
import { HelpDialog } from "./ui/HelpDialog";
import { Notice } from "./ui/Notice";
import { Tabs } from "./ui/Tabs";

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return (
    !!el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable)
  );
}

/** Space plays or pauses, ← and → step (diagram.md D.6), f presents, ? lists the keys; never while typing. */
function useKeyboard(openHelp: () => void) {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      const s = store.getState();
      if (e.key === "f") s.setPresenting(!s.presenting);
      else if (e.key === "?") openHelp();
      else if (e.key === "Escape" && s.presenting) s.setPresenting(false);
      else if (e.key === "ArrowRight") s.stepForward();
      else if (e.key === "ArrowLeft") s.stepBack();
      else if (
        e.key === " " &&
        (e.target as HTMLElement).tagName !== "BUTTON" &&
        (e.target as Element).getAttribute?.("role") !== "button"
      ) {
        e.preventDefault();
        if (s.playing) s.pause();
        else s.play();
      } else return;
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store, openHelp]);
}

/**
 * The app's root element and its `data-state`. Busy and idle change several times while a ruleset loads (the
 * file opening, its computation, its answer): only this element and the status text follow them, so the panels
 * are not rendered again for each change (`children` is the same element each time, and React skips it).
 */
function AppFrame({ children }: { children: ReactNode }) {
  // A file being opened keeps the app busy too: the journeys (and a person) wait for its rules, not the old ones.
  const opening = useRulesUi((s) => s.opening !== null);
  const idle = useApp(selectIdle) && !opening;
  const panelsOpen = useApp((s) => s.panelsOpen);
  const presenting = useApp((s) => s.presenting);
  const cls = `app${presenting ? " app--presenting" : ""}${panelsOpen ? "" : " app--panels-closed"}`;
  return (
    <div className={cls} data-state={idle ? "idle" : "busy"} data-testid="app">
      {children}
    </div>
  );
}

function SimStatus() {
  const t = useT();
  const status = useApp((s) => s.status);
  return (
    <span className="status" aria-live="polite">
      {status === "busy" ? t.sim.busy : ""}
    </span>
  );
}

export function App() {
  const t = useT();
  const theme = useApp((s) => s.theme);
  const animate = useApp((s) => s.animate);
  const reduced = useApp((s) => s.reducedMotion);
  const panelsOpen = useApp((s) => s.panelsOpen);
  const presenting = useApp((s) => s.presenting);
  const a = useActions();
  const [helpOpen, setHelpOpen] = useState(false);
  const [pane, setPane] = useState<"send" | "rules" | "details">("send");
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useKeyboard(openHelp);
  useUndoKeys();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <AppFrame>
      <a
        className="skip-link"
        href="#send"
        onFocus={() => {
          a.setPanelsOpen(true);
          setPane("send");
        }}
      >
        {t.app.skipToComposer}
      </a>
      <header className="topbar">
        <h1>{t.app.title}</h1>
        <p className="tagline">{t.app.tagline}</p>
        <SimStatus />
        <div className="toggles">
          <GalleryButton />
          <ShareControls />
          <LangSwitch />
          {/* Settings a lesson does not need every minute: one menu, so the header stays one line at 1024 px. */}
          <details className="menu">
            <summary>{t.app.more}</summary>
            <div className="menu__items">
              <button
                type="button"
                aria-pressed={!animate}
                onClick={() => a.setAnimate(!animate)}
                title={reduced ? t.app.motionReduced : undefined}
              >
                {animate ? t.app.motionOn : t.app.motionOff}
              </button>
              <button type="button" onClick={() => a.setTheme(theme === "dark" ? "light" : "dark")}>
                {theme === "dark" ? t.app.themeLight : t.app.themeDark}
              </button>
              <ResetButton />
              <button type="button" onClick={() => a.setPresenting(true)} aria-keyshortcuts="f">
                {t.app.present}
              </button>
            </div>
          </details>
          <button type="button" className="help-button" onClick={openHelp} aria-keyshortcuts="?">
            ?<span className="sr-only"> {t.app.help}</span>
          </button>
        </div>
      </header>
      <main className="main">
        {/* One screen: notices and the tour take what they need and the diagram the rest, never pushed below the fold. */}
        <div className="screen">
          <div className="notice-slot">
            <Notice />
            <HeldNotice />
            <PersistNotice />
            <ShareNotice />
            <UndoNotice />
            <Tour />
            <LessonCard />
          </div>
          <section className="stage" aria-label={t.diagram.label}>
            <div className="stage-bar">
              <PlaybackBar />
              <Narration />
              {presenting ? (
                <button type="button" className="present-exit" onClick={() => a.setPresenting(false)}>
                  {t.app.presentExit}
                </button>
              ) : null}
            </div>
            <Diagram />
          </section>
        </div>
        <section className="sheet" aria-label={t.app.panels}>
          <div className="sheet-bar">
            <button
              type="button"
              aria-expanded={panelsOpen}
              aria-controls="dock"
              onClick={() => a.setPanelsOpen(!panelsOpen)}
            >
              {panelsOpen ? t.app.panelsHide : t.app.panelsShow}
            </button>
          </div>
          <div className="dock" id="dock" hidden={!panelsOpen} data-pane={pane}>
            {/* Phones show one panel at a time (styles.css hides this switch on wider screens). */}
            <fieldset className="pane-switch">
              <legend className="sr-only">{t.app.panes}</legend>
              {(
                [
                  ["send", t.app.paneSend],
                  ["rules", t.panels.rules],
                  ["details", t.app.details],
                ] as const
              ).map(([id, label]) => (
                <button key={id} type="button" aria-pressed={pane === id} onClick={() => setPane(id)}>
                  {label}
                </button>
              ))}
            </fieldset>
            <div className="panel panel--send" id="send" tabIndex={-1}>
              <h2>{t.composer.title}</h2>
              <Composer />
              <h2>{t.composer.packets}</h2>
              <PacketList />
            </div>
            <div className="panel panel--rules">
              <h2>{t.panels.rules}</h2>
              <RulesPanel />
            </div>
            <div className="panel panel--tabs">
              <Tabs
                label={t.app.details}
                tabs={[
                  { id: "trace", label: t.panels.trace, render: () => <TracePanel /> },
                  { id: "conntrack", label: t.panels.conntrack, render: () => <ConntrackPanel /> },
                  { id: "counters", label: t.panels.counters, render: () => <CountersPanel /> },
                  { id: "ruleset", label: t.panels.ruleset, render: () => <RulesetText /> },
                  { id: "kernel-trace", label: t.replay.tab, render: () => <KernelTracePanel /> },
                ]}
              />
            </div>
          </div>
        </section>
      </main>
      <HelpDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
      <FontWarmup />
    </AppFrame>
  );
}
