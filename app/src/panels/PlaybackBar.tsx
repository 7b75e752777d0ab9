import { useT } from "../i18n/use-t";
import { useActions, useApp } from "../state/context";
import { selectFrames } from "../state/selectors";

const SPEEDS: readonly number[] = [0.25, 0.5, 1, 2, 4, 8];

/** Play, pause, step, speed, jump to verdict (Space, ← and → also work, see App). */
export function PlaybackBar() {
  const t = useT();
  const a = useActions();
  const playing = useApp((s) => s.playing);
  const cursor = useApp((s) => s.cursor);
  const total = useApp((s) => selectFrames(s).length);
  const speed = useApp((s) => s.speed);
  const none = total === 0;
  return (
    <div className="playback" role="toolbar" aria-label="Playback">
      <button
        type="button"
        onClick={() => a.setCursor(0)}
        disabled={none || cursor === 0}
        aria-label={t.playback.toStart}
      >
        |◀
      </button>
      <button type="button" onClick={a.stepBack} disabled={none || cursor === 0} aria-label={t.playback.stepBack}>
        ◀
      </button>
      {playing ? (
        <button type="button" className="primary" onClick={a.pause} aria-label={t.playback.pause}>
          ❚❚ {t.playback.pause}
        </button>
      ) : (
        <button type="button" className="primary" onClick={a.play} disabled={none} aria-label={t.playback.play}>
          ▶ {t.playback.play}
        </button>
      )}
      <button
        type="button"
        onClick={a.stepForward}
        disabled={none || cursor >= total - 1}
        aria-label={t.playback.stepForward}
      >
        ▶|
      </button>
      <button type="button" onClick={a.jumpToVerdict} disabled={none} aria-label={t.playback.toVerdict}>
        ▶▶ {t.playback.toVerdict}
      </button>
      <label className="speed">
        {t.playback.speed}
        <select value={speed} onChange={(e) => a.setSpeed(Number(e.target.value))}>
          {SPEEDS.map((s) => (
            <option key={s} value={s}>
              {s}×
            </option>
          ))}
        </select>
      </label>
      <span className="position" data-testid="position">
        {t.playback.position(cursor, total)}
      </span>
    </div>
  );
}
