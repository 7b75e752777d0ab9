import type { ScenarioPacket } from "@nfx/scenario";
import { useId, useState } from "react";
import { lessonByName } from "../gallery";
import { useT } from "../i18n/use-t";
import { hostPresets } from "../scenario/host-presets";
import { PRESETS } from "../scenario/presets";
import { useActions, useApp } from "../state/context";

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const FLAGS = ["S", "A", "F", "R", "P", "U"] as const;
const FLAG_NAMES: Record<string, string> = { S: "SYN", A: "ACK", F: "FIN", R: "RST", P: "PSH", U: "URG" };
const ICMP_TYPES: readonly (readonly [number, string])[] = [
  [8, "8 echo-request"],
  [0, "0 echo-reply"],
  [3, "3 destination-unreachable"],
  [11, "11 time-exceeded"],
];

interface Draft {
  from: string;
  proto: "tcp" | "udp" | "icmp";
  src: string;
  dst: string;
  sport: string;
  dport: string;
  flags: string;
  icmpType: number;
}

function toDraft(p: ScenarioPacket): Draft {
  return {
    from: p.from,
    proto: p.proto,
    src: p.src,
    dst: p.dst,
    sport: String(p.sport ?? ""),
    dport: String(p.dport ?? ""),
    flags: p.flags ?? "S",
    icmpType: p.type ?? 8,
  };
}

function toPacket(d: Draft): ScenarioPacket | null {
  if (!IPV4.test(d.src) || !IPV4.test(d.dst)) return null;
  if (d.proto === "icmp") return { from: d.from, proto: "icmp", src: d.src, dst: d.dst, type: d.icmpType, code: 0 };
  const sport = Number(d.sport);
  const dport = Number(d.dport);
  if (!Number.isInteger(sport) || !Number.isInteger(dport) || sport < 1 || dport < 1 || sport > 65535 || dport > 65535)
    return null;
  return d.proto === "tcp"
    ? {
        from: d.from,
        proto: "tcp",
        src: d.src,
        dst: d.dst,
        sport,
        dport,
        flags: d.flags || "S",
        ...(d.flags.includes("A") ? { ack: "auto" as const } : {}),
      }
    : { from: d.from, proto: "udp", src: d.src, dst: d.dst, sport, dport };
}

interface ComposerPreset {
  readonly id: string;
  readonly label: string;
  readonly packet: ScenarioPacket;
}

/**
 * Builds one packet and appends it to the scenario; the draft is ephemeral form state, not app state. In a
 * lesson the presets are the lesson's own packets (its host's addresses), and the form starts from its first.
 */
export function Composer() {
  const name = useApp((s) => s.scenario.name);
  // A new scenario name is a new host: start the form again from its presets.
  return <ComposerForm key={name ?? ""} lessonName={name} />;
}

function ComposerForm({ lessonName }: { lessonName: string | undefined }) {
  const t = useT();
  const host = useApp((s) => s.scenario.host);
  const interfaces = host.interfaces;
  const { sendPacket } = useActions();
  const lesson = lessonByName(lessonName);
  // The default presets are the default router's; a host without its interfaces (a captured one) gets its own.
  const names = new Set(interfaces.map((i) => i.name));
  const fits = PRESETS.every((p) => p.packet.from === "local" || names.has(p.packet.from));
  const ownPresets = fits ? [] : hostPresets(host);
  const presets: readonly ComposerPreset[] = lesson
    ? lesson.scenario.packets.map((p, i) => ({
        id: `lesson-${i}`,
        label: t.composer.lessonPreset(i + 1, p),
        packet: p,
      }))
    : ownPresets.length
      ? ownPresets.map((p) => ({ id: p.id, label: p.label(t), packet: p.packet }))
      : PRESETS.map((p) => ({ id: p.id, label: p.label(t), packet: p.packet }));
  // The host's own addresses, offered in the address fields.
  const addresses = [
    ...new Set([
      ...interfaces.map((i) => i.addr.split("/")[0]!),
      ...host.listen.flatMap((l) => (l.addr ? [l.addr] : [])),
    ]),
  ];
  const listId = `${useId()}-addresses`;
  const [draft, setDraft] = useState<Draft>(() => toDraft(presets[0]?.packet ?? PRESETS[0]!.packet));
  const [invalid, setInvalid] = useState(false);
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  return (
    <form
      className="composer"
      aria-label={t.composer.title}
      onSubmit={(e) => {
        e.preventDefault();
        const p = toPacket(draft);
        setInvalid(!p);
        if (p) sendPacket(p);
      }}
    >
      <fieldset className="presets" aria-label={t.composer.presets}>
        {presets.map((p) => (
          <button key={p.id} type="button" className="chip-button" onClick={() => setDraft(toDraft(p.packet))}>
            {p.label}
          </button>
        ))}
      </fieldset>
      <datalist id={listId}>
        {addresses.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <div className="grid">
        <label>
          {t.composer.from}
          <select value={draft.from} onChange={(e) => set("from", e.target.value)}>
            {interfaces.map((i) => (
              <option key={i.name} value={i.name}>
                {i.name} ({i.addr})
              </option>
            ))}
            <option value="local">{t.composer.fromLocal}</option>
          </select>
        </label>
        <label>
          {t.composer.proto}
          <select value={draft.proto} onChange={(e) => set("proto", e.target.value as Draft["proto"])}>
            <option value="tcp">tcp</option>
            <option value="udp">udp</option>
            <option value="icmp">icmp</option>
          </select>
        </label>
        <label>
          {t.composer.src}
          <input
            value={draft.src}
            list={listId}
            onChange={(e) => set("src", e.target.value)}
            aria-invalid={invalid && !IPV4.test(draft.src)}
          />
        </label>
        <label>
          {t.composer.dst}
          <input
            value={draft.dst}
            list={listId}
            onChange={(e) => set("dst", e.target.value)}
            aria-invalid={invalid && !IPV4.test(draft.dst)}
          />
        </label>
        {draft.proto !== "icmp" ? (
          <>
            <label>
              {t.composer.sport}
              <input inputMode="numeric" value={draft.sport} onChange={(e) => set("sport", e.target.value)} />
            </label>
            <label>
              {t.composer.dport}
              <input inputMode="numeric" value={draft.dport} onChange={(e) => set("dport", e.target.value)} />
            </label>
          </>
        ) : (
          <label className="wide">
            {t.composer.icmpType}
            <select value={draft.icmpType} onChange={(e) => set("icmpType", Number(e.target.value))}>
              {ICMP_TYPES.map(([n, label]) => (
                <option key={n} value={n}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {draft.proto === "tcp" ? (
        <fieldset className="flags">
          <legend>{t.composer.flags}</legend>
          {FLAGS.map((f) => (
            <label key={f}>
              <input
                type="checkbox"
                checked={draft.flags.includes(f)}
                onChange={(e) => set("flags", e.target.checked ? draft.flags + f : draft.flags.replace(f, ""))}
              />
              {FLAG_NAMES[f]}
            </label>
          ))}
        </fieldset>
      ) : null}
      {invalid ? <p className="error">{t.composer.invalid}</p> : null}
      <button type="submit" className="primary send">
        {t.composer.send}
      </button>
    </form>
  );
}
