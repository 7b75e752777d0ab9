import type { ExplainContext, PacketSnapshot } from "@nfx/engine";
import { explainRule, missReason, targetReason } from "../explain/explain-rule";
import { plainWords } from "../explain/plain-words";
import { useT } from "../i18n/use-t";
import type { RuleView } from "../sim/protocol";

export interface RowMark {
  readonly passed: boolean;
  readonly matched: boolean;
  readonly verdict?: string;
  readonly snapshot: PacketSnapshot | null;
  /** For the matching rule: the packet as the next rule saw it, after the target. */
  readonly after: PacketSnapshot | null;
  /** The rule's pinned statistic answer in this simulation, if a person pinned it. */
  readonly statisticPin: boolean | undefined;
}

interface Props {
  readonly n: number;
  readonly row: RuleView | undefined;
  readonly counters: { packets: number; bytes: number } | undefined;
  readonly mark: RowMark;
  /** Fixed-height rows (virtualised lists) leave the explanations out. */
  readonly compact: boolean;
  readonly onAction: (action: "up" | "down" | "delete" | "insert" | "copy", n: number) => void;
  readonly onDrop: (from: number, to: number) => void;
}

/** One rule: number, counters, command, plain words; reorder by drag or Alt+↑/↓, Delete removes it. */
export function RuleRow({ n, row, counters, mark, compact, onAction, onDrop }: Props) {
  const t = useT();
  const cls = [
    "rule",
    mark.matched ? "rule--current" : "",
    mark.passed ? "rule--passed" : "",
    compact ? "rule--compact" : "",
  ].join(" ");
  const context = (matched: boolean): ExplainContext =>
    mark.statisticPin === undefined ? { matched } : { matched, statisticPin: mark.statisticPin };
  const shown = !compact && mark.matched && mark.snapshot && row ? { rule: row.rule, before: mark.snapshot } : null;
  const checks = shown ? explainRule(shown.rule, shown.before, t, context(true)).checks : [];
  const did = shown ? targetReason(shown.rule, shown.before, mark.after ?? shown.before, t) : null;
  return (
    <li
      className={cls}
      aria-current={mark.matched ? "true" : undefined}
      data-rule={n}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a row takes focus so Alt+↑/↓ and Delete can act on it
      tabIndex={0}
      draggable
      title={t.rules.drag}
      onDragStart={(e) => {
        e.dataTransfer.setData("application/x-nfx-rule", String(n));
        e.dataTransfer.effectAllowed = "move";
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes("application/x-nfx-rule")) e.preventDefault();
      }}
      onDrop={(e) => {
        const from = Number(e.dataTransfer.getData("application/x-nfx-rule"));
        if (!from) return;
        e.preventDefault();
        e.stopPropagation();
        onDrop(from, n);
      }}
      onKeyDown={(e) => {
        if (e.target !== e.currentTarget) return;
        if (e.altKey && e.key === "ArrowUp") onAction("up", n);
        else if (e.altKey && e.key === "ArrowDown") onAction("down", n);
        else if (e.key === "Delete") onAction("delete", n);
        else return;
        e.preventDefault();
      }}
    >
      <div className="rule-head">
        <span className="rule-no">{n}</span>
        <span
          className="rule-counters"
          title={counters ? t.rules.counters(counters.packets, counters.bytes) : undefined}
        >
          {counters ? counters.packets : 0}
        </span>
        <code className="mono">{row ? row.text : t.rules.loading}</code>
        <span className="rule-actions">
          <button type="button" aria-label={`${t.rules.moveUp} ${n}`} onClick={() => onAction("up", n)}>
            ↑
          </button>
          <button type="button" aria-label={`${t.rules.moveDown} ${n}`} onClick={() => onAction("down", n)}>
            ↓
          </button>
          <button
            type="button"
            aria-label={`${t.rules.insertAbove} ${n}`}
            title={t.rules.insertAbove}
            onClick={() => onAction("insert", n)}
          >
            ⤒
          </button>
          <button
            type="button"
            aria-label={`${t.rules.copyRule} ${n}`}
            title={t.rules.copyRule}
            onClick={() => onAction("copy", n)}
          >
            ⧉
          </button>
          <button
            type="button"
            aria-label={`${t.rules.delete} ${n}`}
            title={t.rules.delete}
            onClick={() => onAction("delete", n)}
          >
            ✕
          </button>
        </span>
      </div>
      {row ? <p className="rule-plain">{plainWords(row.rule, t)}</p> : null}
      {!compact && mark.passed && mark.snapshot && row ? (
        <p className="why why--miss" data-testid="miss-reason">
          ✗ {missReason(row.rule, mark.snapshot, t, context(false))}
        </p>
      ) : null}
      {!compact && mark.matched ? (
        <p className="why why--hit">
          ✓ {t.panels.ruleMatched} → {mark.verdict}
          {checks.length ? (
            <span className="chips">
              {checks.map((c) => (
                <span
                  key={c.text}
                  className={`chip chip--${c.holds === null ? "unknown" : c.holds ? "ok" : "no"}`}
                  title={c.why}
                >
                  {c.holds === null ? "?" : c.holds ? "✓" : "✗"} {c.text}
                </span>
              ))}
            </span>
          ) : null}
          {did ? (
            <span className="why-target" data-testid="target-effect">
              {did}
            </span>
          ) : null}
        </p>
      ) : null}
    </li>
  );
}
