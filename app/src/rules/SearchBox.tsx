import type { SearchHit } from "@nfx/ruleset-edit";
import { useEffect, useState } from "react";
import { useT } from "../i18n/use-t";
import { useApp } from "../state/context";
import { useRules } from "./context";

/** Finds rules by address, port, chain or comment over the worker's index of the current revision. */
export function SearchBox({ onPick }: { onPick: (hit: SearchHit) => void }) {
  const t = useT();
  const c = useRules();
  const revision = useApp((s) => s.viewRevision);
  const [q, setQ] = useState("");
  const [found, setFound] = useState<{ hits: readonly SearchHit[]; total: number } | null>(null);
  useEffect(() => {
    if (!q.trim()) {
      setFound(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      void c.engine.query({ kind: "search", revision, text: q, limit: 50 }).then((a) => {
        if (live && a.kind === "search") setFound(a);
      });
    }, 80);
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
        placeholder={t.rules.search}
        aria-label={t.rules.search}
        data-testid="rule-search"
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      {found ? (
        <div className="search-hits" data-testid="search-hits">
          <p className="muted">{t.rules.searchHits(found.hits.length, found.total)}</p>
          <ul>
            {found.hits.map((h) => (
              <li key={`${h.table}/${h.chain}/${h.index}`}>
                <button type="button" className="hit" onClick={() => onPick(h)}>
                  <span className={`table-chip strip--${h.table}`}>{h.table}</span>{" "}
                  <code className="mono">{h.text}</code>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
