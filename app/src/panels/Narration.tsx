import { t } from "../i18n";
import { useApp } from "../state/context";
import { selectCurrentFrame, selectItems } from "../state/selectors";

/** The current step in words: visible as a caption and announced politely to screen readers. */
export function Narration() {
  const frame = useApp(selectCurrentFrame);
  const items = useApp(selectItems);
  const text = frame ? t.narrate(items[frame.item]?.tag ?? "", frame.text) : t.playback.empty;
  return (
    <p className="narration" aria-live="polite" data-testid="narration">
      {frame?.verdict ? <span className={`pill pill--${frame.verdict.tone}`}>{frame.verdict.label}</span> : null} {text}
    </p>
  );
}
