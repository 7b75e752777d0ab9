import {
  compareReplay,
  formatHeader,
  type KernelStep,
  type KernelTrace,
  type ReplayedComparison,
  type ReplayRun,
  replayScenario,
  type TraceNote,
} from "@nfx/kernel-trace";
import { isBuiltinChain, TABLES, type TableName } from "@nfx/model";
import { toAnswer } from "@nfx/scenario";
import { useId, useState } from "react";
import type { Strings } from "../i18n";
import { useT } from "../i18n/use-t";
import { useRules } from "../rules/context";
import type { PageScenario } from "../sim/ruleset-source";
import { useActions, useApp, useAppStoreApi } from "../state/context";

interface Replay {
  readonly trace: KernelTrace;
  readonly run: ReplayRun<PageScenario>;
}

/**
 * Replay of a real host's trace: the user pastes `nft monitor trace` or `xtables-monitor --trace` output; its
 * packets become the scenario's (undoable), and each packet's kernel steps are shown beside the simulation's,
 * with the first step where they part. Reading and comparing is @nfx/kernel-trace's; this only says it.
 */
export function KernelTracePanel() {
  const t = useT();
  const id = useId();
  const { resetScenario, playPacket, select } = useActions();
  const rules = useRules();
  const store = useAppStoreApi();
  const [text, setText] = useState("");
  const [replay, setReplay] = useState<Replay | null>(null);
  const [empty, setEmpty] = useState(false);
  const [reading, setReading] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  // The simulation of exactly the replayed packets, once the engine has answered for it.
  const engineTraces = useApp((s) =>
    replay && s.scenario.packets === replay.run.scenario.packets && s.viewRevision === s.revision && s.view
      ? s.view.result
      : null,
  );
  const results =
    replay && engineTraces
      ? compareReplay(
          replay.trace,
          replay.run,
          toAnswer(engineTraces).packets.map((p) => p.trace),
        )
      : null;

  // The trace is read in the worker, which holds the scenario's rulesets (a node's dump is never on the page).
  const start = async () => {
    const scenario = store.getState().scenario;
    setReading(true);
    setFailed(null);
    const a = await rules.engine.query({
      kind: "kernel-trace",
      trace: text,
      ruleset: scenario.ruleset,
      ...(scenario.nftables === undefined ? {} : { nftables: scenario.nftables }),
    });
    setReading(false);
    if (a.kind !== "kernel-trace") {
      setFailed(a.kind === "failed" ? a.message : a.kind);
      return;
    }
    const trace = a.trace;
    setEmpty(trace.format === null);
    if (trace.format === null) {
      setReplay(null);
      return;
    }
    const run = replayScenario(scenario, trace);
    setReplay({ trace, run });
    resetScenario(run.scenario, true);
  };

  return (
    <div className="kernel-trace" data-testid="kernel-trace">
      <p className="hint">{t.replay.intro}</p>
      <label htmlFor={`${id}-text`}>{t.replay.label}</label>
      <textarea
        id={`${id}-text`}
        className="mono"
        rows={6}
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <button type="button" className="primary" onClick={() => void start()} disabled={text.trim() === "" || reading}>
        {t.replay.replay}
      </button>
      {reading ? (
        <p className="hint" role="status">
          {t.replay.reading}
        </p>
      ) : null}
      {failed !== null ? (
        <p className="error" role="alert">
          {t.replay.failed(failed)}
        </p>
      ) : null}
      {empty ? (
        <p className="error" role="alert">
          {t.replay.noTrace}
        </p>
      ) : null}
      {replay ? (
        <>
          <p className="hint" data-testid="replay-format">
            {t.replay.read(replay.trace.format ?? "", replay.trace.packets.length)}
          </p>
          {replay.trace.notes.length ? (
            <details className="replay-notes" open>
              <summary>{t.replay.notes(replay.trace.notes.length)}</summary>
              <ul>
                {replay.trace.notes.map((n) => (
                  <li key={JSON.stringify(n)}>{t.replay.noteAt(n.line, noteWords(t, n))}</li>
                ))}
              </ul>
            </details>
          ) : null}
          {results ? (
            <ol className="replay-packets">
              {results.map((r, i) => (
                <ReplayedPacketView
                  key={r.packet.id}
                  n={i + 1}
                  result={r}
                  scenarioIndex={replay.run.indexOf[i] ?? null}
                  onPlay={playPacket}
                  onShow={select}
                />
              ))}
            </ol>
          ) : (
            <p className="hint">{t.replay.waiting}</p>
          )}
        </>
      ) : null}
    </div>
  );
}

/** A note of the replay, in the reader's language. */
function noteWords(t: Strings, n: TraceNote): string {
  const w = t.replay.noteWords;
  switch (n.kind) {
    case "unreadable-line":
      return w.unreadableLine(n.format === "nft monitor trace" ? "nft" : "xtables-monitor");
    case "not-a-trace-line":
      return w.notATraceLine(n.format);
    case "mixed-formats":
      return w.mixedFormats;
    case "no-packet-line":
      return w.noPacketLine(n.id);
    case "packet-without-interface":
      return w.packetWithoutInterface;
    case "packet-not-ipv4":
      return w.packetNotIpv4;
    case "protocol-not-simulated":
      return w.protocolNotSimulated(n.proto);
    case "family-not-simulated":
      return w.familyNotSimulated(n.family);
    case "chain-not-in-scenario":
      return w.chainNotInScenario(n.table, n.chain);
    case "rule-not-found":
      return w.ruleNotFound(n.table, n.chain, n.handle ?? null);
  }
}

/**
 * For each step, the iptables cell it belongs to (table, chain and the hook of the last built-in chain before
 * it: a user chain is shown from the cell that jumped to it); null for other tables.
 */
function cellsOf(steps: readonly KernelStep[]): ({ table: TableName; chain: string; hook: string } | null)[] {
  let hook: string | null = null;
  return steps.map((s) => {
    if (!(TABLES as readonly string[]).includes(s.table)) return null;
    const table = s.table as TableName;
    if (isBuiltinChain(table, s.chain)) hook = s.chain;
    return hook ? { table, chain: s.chain, hook } : null;
  });
}

function ReplayedPacketView(props: {
  n: number;
  result: ReplayedComparison;
  scenarioIndex: number | null;
  onPlay: (n: number) => void;
  onShow: (cell: { table: string; chain: string; hook: string }) => void;
}) {
  const t = useT();
  const { packet, comparison } = props.result;
  const differsAt = comparison?.kind === "differs" ? comparison.index : -1;
  const cells = cellsOf(packet.steps);
  return (
    <li className="replay-packet" data-testid="replayed-packet">
      <h3>
        {packet.packet
          ? t.replay.packet(props.n, formatHeader(packet.packet), packet.packet.from)
          : t.replay.unknownPacket(props.n)}
      </h3>
      <ol className="replay-steps">
        {packet.steps.map((s, k) => (
          <li key={s.line} className={k === differsAt ? "replay-step replay-step--differs" : "replay-step"}>
            {cells[k] ? (
              <button
                type="button"
                className="link-button mono"
                title={t.replay.showRule}
                onClick={() => props.onShow(cells[k]!)}
              >
                {s.step}
              </button>
            ) : (
              <code>{s.step}</code>
            )}{" "}
            <span className="hint">{t.replay.line(s.line)}</span>
            {k === differsAt ? (
              <span className="replay-engine">
                {" "}
                ≠ {t.replay.engineSaid}:{" "}
                <code>{comparison?.kind === "differs" ? (comparison.engine ?? t.replay.ends) : ""}</code>
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      <p
        className={comparison?.kind === "same" ? "replay-verdict replay-verdict--same" : "replay-verdict"}
        data-testid="replay-verdict"
      >
        {!comparison
          ? t.replay.notCompared
          : comparison.kind === "same"
            ? t.replay.same(comparison.steps)
            : t.replay.differs(
                comparison.index + 1,
                comparison.kernel ? comparison.kernel.step : t.replay.ends,
                comparison.engine ?? t.replay.ends,
              )}
        {comparison?.skipped ? ` ${t.replay.skipped(comparison.skipped)}` : ""}
      </p>
      {props.scenarioIndex !== null ? (
        <button type="button" onClick={() => props.onPlay((props.scenarioIndex ?? 0) + 1)}>
          {t.replay.play(props.n)}
        </button>
      ) : null}
    </li>
  );
}
