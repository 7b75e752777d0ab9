import type { SearchHit } from "@nfx/ruleset-edit";
import { useT } from "../i18n/use-t";
import { useApp } from "../state/context";
import { useRules } from "./context";
import { FindBox } from "./FindBox";

/** Finds rules by address, port, chain or comment over the worker's index of the current revision. */
export function SearchBox({ onPick }: { onPick: (hit: SearchHit) => void }) {
  const t = useT();
  const c = useRules();
  const revision = useApp((s) => s.viewRevision);
  return (
    <FindBox<SearchHit>
      label={t.rules.search}
      testId="rule-search"
      hitsTestId="search-hits"
      deps={[c, revision]}
      find={async (text) => {
        const a = await c.engine.query({ kind: "search", revision, text, limit: 50 });
        return a.kind === "search" ? a : null;
      }}
      summary={t.rules.searchHits}
      hitKey={(h) => `${h.table}/${h.chain}/${h.index}`}
      renderHit={(h) => (
        <>
          <span className={`table-chip strip--${h.table}`}>{h.table}</span> <code className="mono">{h.text}</code>
        </>
      )}
      onPick={onPick}
    />
  );
}
