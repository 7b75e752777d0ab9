import type { CounterEntry } from "@nfx/engine";
import { useMemo, useState } from "react";
import { useT } from "../i18n/use-t";
import { useRows } from "../rules/use-rows";
import type { ChainView, SimView } from "../sim/protocol";
import { useApp } from "../state/context";
import { NftCounters } from "./NftCounters";

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${Math.round(n / 1e3)}K`;
  return String(n);
}

/** One line of the list: a chain's caption, its column heads, or one of its rules. */
type Line =
  | { readonly kind: "chain"; readonly chain: ChainView; readonly policy: CounterEntry | undefined }
  | { readonly kind: "head"; readonly chain: ChainView }
  | { readonly kind: "rule"; readonly chain: ChainView; readonly n: number; readonly entry: CounterEntry | undefined };

const ROW = 20;
const VIEWPORT = 420;

/** The chains some packet entered (a rule or the policy counted it), each with all its rules. */
function linesOf(view: SimView): Line[] {
  const byChain = new Map<string, Map<number | "policy", CounterEntry>>();
  for (const c of view.result.counters) {
    const k = `${c.table}/${c.chain}`;
    const m = byChain.get(k) ?? new Map<number | "policy", CounterEntry>();
    byChain.set(k, m);
    m.set(c.rule, c);
  }
  const lines: Line[] = [];
  for (const chain of view.chains) {
    const hits = byChain.get(`${chain.table}/${chain.name}`);
    if (!hits) continue;
    lines.push({ kind: "chain", chain, policy: hits.get("policy") });
    if (chain.ruleCount) lines.push({ kind: "head", chain });
    for (let n = 1; n <= chain.ruleCount; n++) lines.push({ kind: "rule", chain, n, entry: hits.get(n) });
  }
  return lines;
}

function RuleText({ chain, n }: { chain: ChainView; n: number }) {
  const t = useT();
  const row = useRows(chain, n - 1, n)[0];
  return <>{row ? row.text.replace(/^-A \S+ ?/, "") : t.rules.loading}</>;
}

/**
 * Per chain and rule, like `iptables -L -v -n`, after all packets: only the chains a packet entered, as one
 * virtualised list of fixed-height lines, so a 5,000-service ruleset shows as quickly as a small one.
 */
export function CountersPanel() {
  const t = useT();
  const view = useApp((s) => s.view);
  const [top, setTop] = useState(0);
  const lines = useMemo(() => (view ? linesOf(view) : []), [view]);
  if (!view) return null;
  const from = Math.max(0, Math.floor(top / ROW) - 10);
  const to = Math.min(lines.length, Math.ceil((top + VIEWPORT) / ROW) + 10);
  return (
    <div
      className="counters"
      data-testid="counters"
      style={{ maxHeight: VIEWPORT }}
      onScroll={(e) => setTop(e.currentTarget.scrollTop)}
    >
      <div className="counter-lines" style={{ height: lines.length * ROW, paddingTop: from * ROW }}>
        {lines.slice(from, to).map((line) => {
          const key = `${line.chain.table}/${line.chain.name}/${line.kind === "rule" ? line.n : line.kind}`;
          if (line.kind === "chain") {
            const c = line.chain;
            return (
              <div key={key} className="counter-line counter-caption">
                {t.panels.countersChain(
                  c.table,
                  c.name,
                  c.policy,
                  line.policy?.packets ?? 0,
                  compact(line.policy?.bytes ?? 0),
                )}
              </div>
            );
          }
          if (line.kind === "head")
            return (
              <div key={key} className="counter-line counter-head">
                <span>{t.panels.headers.pkts}</span>
                <span>{t.panels.headers.bytes}</span>
                <span>{t.panels.headers.rule}</span>
              </div>
            );
          const e = line.entry;
          return (
            <div key={key} className={`counter-line ${e ? "hit" : ""}`}>
              <span title={String(e?.packets ?? 0)}>{compact(e?.packets ?? 0)}</span>
              <span title={String(e?.bytes ?? 0)}>{compact(e?.bytes ?? 0)}</span>
              <span className="mono">
                <RuleText chain={line.chain} n={line.n} />
              </span>
            </div>
          );
        })}
      </div>
      <NftCounters />
    </div>
  );
}
