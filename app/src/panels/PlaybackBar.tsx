import { useT } from "../i18n/use-t";
import { useActions, useApp } from "../state/context";
import { selectCurrentFrame, selectFrames, selectItems } from "../state/selectors";

const SPEEDS: readonly number[] = [0.25, 0.5, 1, 2, 4, 8];

/**
 * Play this packet (to the end of it and of the answers it caused), Play all, pause, step, previous/next
 * packet, speed, jump to verdict (Space, ← and → also work, see App).
 */
export function PlaybackBar() {
  const t = useT();
  const a = useActions();
  const playing = useApp((s) => s.playing);
  const cursor = useApp((s) => s.cursor);
  const total = useApp((s) => selectFrames(s).length);
  const speed = useApp((s) => s.speed);
  const none = total === 0;
  const packet = useApp((s) => {
    const f = selectCurrentFrame(s);
    return f ? (selectItems(s)[f.item]?.afterPacket ?? null) : null;
  });
  const packets = useApp((s) => s.scenario.packets.length);
  return (
    <div className="playback" role="toolbar" aria-label={t.names.playback}>
      <button
        type="button"
        onClick={() => a.setCursor(0)}
        disabled={none || cursor === 0}
        aria-label={t.playback.toStart}
      >
        |◀
      </button>
      <button
        type="button"
        onClick={() => a.skipPacket(-1)}
        disabled={none || packet === null || packet <= 1}
        aria-label={t.playback.prevPacket}
        title={t.playback.prevPacket}
      >
        «
      </button>
      <button type="button" onClick={a.stepBack} disabled={none || cursor === 0} aria-label={t.playback.stepBack}>
        ◀
      </button>
      {playing ? (
        <button type="button" className="primary" onClick={a.pause} aria-label={t.playback.pause}>
          ❚❚ {t.playback.pause}
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          onClick={() => (packet === null ? a.play() : a.playPacket(packet, true))}
          disabled={none}
          data-testid="play-packet"
        >
          ▶ {packet === null ? t.playback.play : t.playback.playPacket(packet)}
        </button>
      )}
      <button type="button" onClick={a.playAll} disabled={none || playing} data-testid="play-all">
        ▶▶ {t.playback.playAll}
      </button>
      <button
        type="button"
        onClick={a.stepForward}
        disabled={none || cursor >= total - 1}
        aria-label={t.playback.stepForward}
      >
        ▶|
      </button>
      <button
        type="button"
        onClick={() => a.skipPacket(1)}
        disabled={none || packet === null || packet >= packets}
        aria-label={t.playback.nextPacket}
        title={t.playback.nextPacket}
      >
        »
      </button>
      <button type="button" onClick={a.jumpToVerdict} disabled={none} aria-label={t.playback.toVerdict}>
        ⇥ {t.playback.toVerdict}
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
