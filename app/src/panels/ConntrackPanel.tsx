import { conntrackLater, type Step } from "@nfx/engine";
import { useState } from "react";
import { useT } from "../i18n/use-t";
import { useApp } from "../state/context";
import { selectCurrentFrame, selectItems } from "../state/selectors";
import { ProcLine } from "./ProcLine";

/** The steps the clock takes: the seed teaches UDP's 30 s and TCP's minutes-long timeouts with these. */
const STEPS = [30, 300] as const;

/**
 * The entry as the current packet left it; then the table after all packets as `/proc/net/nf_conntrack` and
 * `conntrack -L` list it, at a clock the learner moves on: entries time out by the kernel's timeouts
 * (the engine's `conntrackLater`), so a UDP flow is gone after 30 s and an ESTABLISHED one stays for days.
 */
export function ConntrackPanel() {
  const t = useT();
  const table = useApp((s) => s.view?.result.conntrackTable);
  const frame = useApp(selectCurrentFrame);
  const items = useApp(selectItems);
  const [later, setLater] = useState(0);
  let entry: string | null = null;
  if (frame) {
    const steps = items[frame.item]?.outcome.steps ?? [];
    for (let i = 0; i <= frame.step && i < steps.length; i++) {
      const s = steps[i] as Step;
      if (s.kind === "conntrack" && s.entry) entry = s.entry;
    }
  }
  const listed = table ? conntrackLater(table, later) : [];
  return (
    <div className="conntrack" data-testid="conntrack">
      <h3>{t.panels.conntrackThis}</h3>
      <pre className="mono">{entry ?? "—"}</pre>
      <h3>{t.panels.conntrackAfter}</h3>
      <div className="ct-clock">
        <span data-testid="ct-clock" aria-live="polite">
          {t.panels.clock(later)}
        </span>
        {STEPS.map((s) => (
          <button key={s} type="button" onClick={() => setLater(later + s)}>
            {t.panels.clockAdd(s)}
          </button>
        ))}
        <button type="button" onClick={() => setLater(0)} disabled={later === 0}>
          {t.panels.clockReset}
        </button>
      </div>
      <p className="hint">{t.panels.clockHint}</p>
      {listed.length ? (
        <>
          <h4>{t.panels.procTitle}</h4>
          <div className="mono proc-list" data-testid="proc-list">
            {listed.map((e) => (
              <ProcLine key={e.entry} line={e.proc} />
            ))}
          </div>
          <h4>{t.panels.conntrackLTitle}</h4>
          <pre className="mono" data-testid="conntrack-list">
            {listed.map((e) => e.entry).join("\n")}
          </pre>
        </>
      ) : (
        <p className="empty" data-testid="conntrack-empty">
          {table?.length ? t.panels.conntrackTimedOut : t.panels.conntrackEmpty}
        </p>
      )}
    </div>
  );
}
