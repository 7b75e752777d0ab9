import { useT } from "../i18n/use-t";
import { fateText } from "../playback/frame-text";
import { useActions, useApp } from "../state/context";
import { selectCurrentFrame, selectItems } from "../state/selectors";

/** The scenario's packets, each with its fate; pick one to play it, or remove it. */
export function PacketList() {
  const t = useT();
  const packets = useApp((s) => s.scenario.packets);
  const items = useApp(selectItems);
  const frame = useApp(selectCurrentFrame);
  const { playPacket, removePacket } = useActions();
  if (packets.length === 0) return <p className="empty">{t.composer.noPackets}</p>;
  return (
    <ol className="packet-list" aria-label={t.composer.packets}>
      {packets.map((p, i) => {
        const itemIndex = items.findIndex((it) => it.kind === "packet" && it.index === i);
        const outcome = items[itemIndex]?.outcome;
        const current = frame !== null && items[frame.item]?.afterPacket === i + 1;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: packets are numbered by position, as in the scenario file
          <li key={`${i}-${p.src}-${p.sport ?? ""}-${p.dport ?? ""}`} className={current ? "current" : ""}>
            <button
              type="button"
              className="link"
              onClick={() => playPacket(i + 1)}
              aria-label={t.composer.play(i + 1)}
            >
              #{i + 1} {p.proto} {p.src}
              {p.sport ? `:${p.sport}` : ""} → {p.dst}
              {p.dport ? `:${p.dport}` : ""} {p.flags ?? ""}
            </button>
            {outcome ? (
              <span className={`fate fate--${outcome.rejectedWith ? "rejected" : outcome.fate}`} data-testid="fate">
                {fateText(t, outcome)}
              </span>
            ) : null}
            <button
              type="button"
              className="link remove"
              onClick={() => removePacket(i)}
              aria-label={t.composer.remove(i + 1)}
            >
              ✕
            </button>
          </li>
        );
      })}
    </ol>
  );
}
