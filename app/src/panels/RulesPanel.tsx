import type { PacketSnapshot, Step } from "@nfx/engine";
import { explainRule, missReason } from "../explain/explain-rule";
import { t } from "../i18n";
import { useActions, useApp } from "../state/context";
import { selectChain, selectCurrentFrame, selectItems } from "../state/selectors";

/**
 * The selected chain's rules. While a packet plays in this chain, the current rule is marked, the rules it
 * passed say which condition failed, and the matching one says why it matched.
 */
export function RulesPanel() {
  const selected = useApp((s) => s.selected);
  const chain = useApp((s) => (s.selected ? selectChain(s, s.selected.table, s.selected.chain) : null));
  const frame = useApp(selectCurrentFrame);
  const items = useApp(selectItems);
  const { select } = useActions();

  if (!selected) return <p className="empty">{t.panels.rulesNone}</p>;
  const title = `${selected.table} ${selected.chain}`;
  if (!chain)
    return (
      <div className="rules" data-testid="rules">
        <h3>{title}</h3>
        <p className="notice-ghost">{t.panels.rulesNotDeclared}</p>
      </div>
    );

  const here = frame?.rule && frame.rule.table === chain.table && frame.rule.chain === chain.name ? frame.rule : null;
  let snapshot: PacketSnapshot | null = null;
  if (here && frame && frame.snapshotStep >= 0) {
    const s = items[frame.item]?.outcome.steps[frame.snapshotStep] as Step | undefined;
    if (s?.kind === "chain") snapshot = s.packet;
  }
  const matchedNo = here && here.rule !== "policy" ? here.rule : null;
  const passedTo = here ? (here.rule === "policy" ? chain.rules.length : here.rule - 1) : 0;

  return (
    <div className="rules" data-testid="rules">
      <h3>
        <span className={`table-chip strip--${chain.table}`}>{chain.table}</span> {chain.name}
        {chain.policy ? <span className="policy"> · {t.diagram.policy(chain.policy)}</span> : null}
        <button type="button" className="link" onClick={() => select(null)} aria-label="Close rules">
          ✕
        </button>
      </h3>
      {chain.rules.length === 0 ? <p className="empty">{t.panels.rulesEmpty}</p> : null}
      <ol className="rule-list">
        {chain.rules.map((r, i) => {
          const n = i + 1;
          const passed = here !== null && n >= here.missedFrom && n <= passedTo;
          const matched = n === matchedNo;
          const cls = ["rule", matched ? "rule--current" : "", passed ? "rule--passed" : ""].join(" ");
          const checks = matched && snapshot ? explainRule(r.rule, snapshot).checks : [];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: a rule's position is its identity (iptables numbers rules)
            <li key={r.text + i} className={cls} aria-current={matched ? "true" : undefined} data-rule={n}>
              <code className="mono">{r.text}</code>
              {passed && snapshot ? (
                <p className="why why--miss" data-testid="miss-reason">
                  ✗ {missReason(r.rule, snapshot)}
                </p>
              ) : null}
              {matched ? (
                <p className="why why--hit">
                  ✓ {t.panels.ruleMatched} → {here?.verdict}
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
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
      {chain.policy ? (
        <p className={`policy-line ${here?.rule === "policy" ? "rule--current" : ""}`}>
          {here?.rule === "policy" ? `▶ ${t.panels.policyLine(chain.policy)}` : t.diagram.policy(chain.policy)}
        </p>
      ) : null}
    </div>
  );
}
