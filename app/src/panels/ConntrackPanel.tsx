import type { Step } from "@nfx/engine";
import { useT } from "../i18n/use-t";
import { useApp } from "../state/context";
import { selectCurrentFrame, selectItems } from "../state/selectors";

/** `conntrack -L` after all packets, plus the entry as the current packet left it. */
export function ConntrackPanel() {
  const t = useT();
  const lines = useApp((s) => s.view?.result.conntrack);
  const frame = useApp(selectCurrentFrame);
  const items = useApp(selectItems);
  let entry: string | null = null;
  if (frame) {
    const steps = items[frame.item]?.outcome.steps ?? [];
    for (let i = 0; i <= frame.step && i < steps.length; i++) {
      const s = steps[i] as Step;
      if (s.kind === "conntrack" && s.entry) entry = s.entry;
    }
  }
  return (
    <div className="conntrack" data-testid="conntrack">
      <h3>{t.panels.conntrackThis}</h3>
      <pre className="mono">{entry ?? "—"}</pre>
      <h3>{t.panels.conntrackAfter}</h3>
      {lines?.length ? (
        <pre className="mono" data-testid="conntrack-list">
          {lines.join("\n")}
        </pre>
      ) : (
        <p className="empty">{t.panels.conntrackEmpty}</p>
      )}
    </div>
  );
}
