import type { CounterEntry } from "@nfx/engine";
import { t } from "../i18n";
import { useApp } from "../state/context";

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}K`;
  return String(n);
}

/** Per chain and rule, like `iptables -L -v -n`, after all packets. */
export function CountersPanel() {
  const view = useApp((s) => s.view);
  if (!view) return null;
  const counters = view.result.counters;
  const find = (table: string, chain: string, rule: number | "policy"): CounterEntry | undefined =>
    counters.find((c) => c.table === table && c.chain === chain && c.rule === rule);
  return (
    <div className="counters" data-testid="counters">
      {view.chains.map((c) => {
        const pol = find(c.table, c.name, "policy");
        return (
          <table key={`${c.table}/${c.name}`} className="counter-table">
            <caption>
              {t.panels.countersChain(c.table, c.name, c.policy, pol?.packets ?? 0, compact(pol?.bytes ?? 0))}
            </caption>
            {c.rules.length ? (
              <thead>
                <tr>
                  <th>{t.panels.headers.pkts}</th>
                  <th>{t.panels.headers.bytes}</th>
                  <th>{t.panels.headers.rule}</th>
                </tr>
              </thead>
            ) : null}
            <tbody>
              {c.rules.map((r, i) => {
                const e = find(c.table, c.name, i + 1);
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a rule's position is its identity (iptables numbers rules)
                  <tr key={r.text + i} className={e ? "hit" : ""}>
                    <td title={String(e?.packets ?? 0)}>{compact(e?.packets ?? 0)}</td>
                    <td title={String(e?.bytes ?? 0)}>{compact(e?.bytes ?? 0)}</td>
                    <td className="mono">{r.text.replace(/^-A \S+ ?/, "")}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}
