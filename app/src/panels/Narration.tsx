import { useT } from "../i18n/use-t";
import { frameText, verdictLabel } from "../playback/frame-text";
import { useApp } from "../state/context";
import { selectCurrentFrame, selectItems } from "../state/selectors";

/** The current step in words: visible as a caption and announced politely to screen readers. */
export function Narration() {
  const t = useT();
  const frame = useApp(selectCurrentFrame);
  const items = useApp(selectItems);
  const text = frame ? t.narrate(items[frame.item]?.tag ?? "", frameText(t, frame.say)) : t.playback.empty;
  return (
    <p className="narration" aria-live="polite" data-testid="narration">
      {frame?.verdict ? <span className={`pill pill--${frame.verdict.tone}`}>{verdictLabel(t, frame.say)}</span> : null}{" "}
      {text}
    </p>
  );
}
