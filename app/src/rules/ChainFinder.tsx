import type { TableName } from "@nfx/model";
import type { ChainHit } from "@nfx/ruleset-edit";
import { useEffect, useState } from "react";
import { useT } from "../i18n/use-t";
import { useApp } from "../state/context";
import { useRules } from "./context";

/** How many chains a search shows; the count says how many more there are. */
const SHOWN = 50;

/**
 * Finds a chain among all of them (a node has 178,795) by name, service name or comment, answered as you type
 * from the worker's chain index of the current revision; the picker beside it lists only a few hundred.
 */
export function ChainFinder({ onPick }: { onPick: (table: TableName, chain: string) => void }) {
  const t = useT();
  const c = useRules();
  const revision = useApp((s) => s.viewRevision);
  const [q, setQ] = useState("");
  const [found, setFound] = useState<{ hits: readonly ChainHit[]; total: number } | null>(null);
  useEffect(() => {
    if (!q.trim()) {
      setFound(null);
      return;
    }
    let live = true;
    // A short pause: one query per burst of keys, not per key.
    const timer = setTimeout(() => {
      void c.engine.query({ kind: "chains", revision, text: q, limit: SHOWN }).then((a) => {
        if (live && a.kind === "chains") setFound(a);
      });
    }, 40);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [c, revision, q]);
  return (
    <div className="rule-search">
      <input
        type="search"
        value={q}
        placeholder={t.rules.findChain}
        aria-label={t.rules.findChain}
        data-testid="chain-search"
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      {found ? (
        <div className="search-hits" data-testid="chain-hits">
          <p className="muted">{t.rules.chainHits(found.hits.length, found.total)}</p>
          <ul>
            {found.hits.map((h) => (
              <li key={`${h.table}/${h.chain}`}>
                <button type="button" className="hit" onClick={() => onPick(h.table, h.chain)}>
                  <span className={`table-chip strip--${h.table}`}>{h.table}</span>{" "}
                  <code className="mono">{h.chain}</code>{" "}
                  <span className="muted">
                    {t.rules.rules(h.ruleCount)}
                    {h.comment ? ` · ${h.comment}` : ""}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
