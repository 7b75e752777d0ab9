import { memo, useEffect, useRef } from "react";
import { useT } from "../i18n/use-t";
import { frameText } from "../playback/frame-text";
import type { Frame, PlayItem } from "../playback/frames";
import { useActions, useApp } from "../state/context";
import { selectFrames, selectItems } from "../state/selectors";
import { scrollIntoPanel } from "../ui/scroll-into-panel";

const Row = memo(function Row({
  f,
  current,
  item,
  onPick,
}: {
  f: Frame;
  current: boolean;
  item: PlayItem | undefined;
  onPick: (i: number) => void;
}) {
  const t = useT();
  return (
    <tr className={current ? "current" : ""} aria-current={current ? "step" : undefined} data-frame={f.index}>
      <td className="trace-tag">{item?.tag}</td>
      <td>
        <button type="button" className="trace-line" onClick={() => onPick(f.index)}>
          <code className={f.kernel ? "kernel" : "event"}>{f.line}</code>
          <span className="plain">{frameText(t, f.say)}</span>
          {"monitor" in f.say ? (
            // A native step as the kernel's `nft monitor trace` prints it.
            <code className="monitor" data-testid="nft-monitor">
              {f.say.monitor}
            </code>
          ) : null}
        </button>
      </td>
    </tr>
  );
});

/** Every step as a table row: the text equivalent of the animation; clicking a row moves playback there. */
export function TracePanel() {
  const t = useT();
  const frames = useApp(selectFrames);
  const items = useApp(selectItems);
  const cursor = useApp((s) => s.cursor);
  const { setCursor } = useActions();
  const body = useRef<HTMLTableSectionElement>(null);

  useEffect(() => {
    const row = body.current?.querySelector<HTMLElement>(`tr[data-frame="${cursor}"]`);
    if (row) scrollIntoPanel(row);
  }, [cursor]);

  if (frames.length === 0) return <p className="empty">{t.panels.traceEmpty}</p>;
  return (
    <table className="trace" data-testid="trace">
      <caption className="sr-only">{t.panels.trace}</caption>
      <tbody ref={body}>
        {frames.map((f) => (
          <Row key={f.index} f={f} current={f.index === cursor} item={items[f.item]} onPick={setCursor} />
        ))}
      </tbody>
    </table>
  );
}
