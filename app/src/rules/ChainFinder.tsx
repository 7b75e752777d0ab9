import type { TableName } from "@nfx/model";
import type { ChainHit } from "@nfx/ruleset-edit";
import { useT } from "../i18n/use-t";
import { useApp } from "../state/context";
import { useRules } from "./context";
import { FindBox } from "./FindBox";

/** How many chains a search shows; the count says how many more there are. */
const SHOWN = 50;

/**
 * Finds a chain among all of them (a node has 178,795) by name, service name or comment, answered as you type
 * from the worker's index of the current revision; the picker beside it lists only a few hundred.
 */
export function ChainFinder({ onPick }: { onPick: (table: TableName, chain: string) => void }) {
  const t = useT();
  const c = useRules();
  const revision = useApp((s) => s.viewRevision);
  return (
    <FindBox<ChainHit>
      label={t.rules.findChain}
      testId="chain-search"
      hitsTestId="chain-hits"
      deps={[c, revision]}
      find={async (text) => {
        const a = await c.engine.query({ kind: "chains", revision, text, limit: SHOWN });
        return a.kind === "chains" ? a : null;
      }}
      summary={t.rules.chainHits}
      hitKey={(h) => `${h.table}/${h.chain}`}
      renderHit={(h) => (
        <>
          <span className={`table-chip strip--${h.table}`}>{h.table}</span> <code className="mono">{h.chain}</code>{" "}
          <span className="muted">
            {t.rules.rules(h.ruleCount)}
            {h.comment ? ` · ${h.comment}` : ""}
          </span>
        </>
      )}
      onPick={(h) => onPick(h.table, h.chain)}
    />
  );
}
