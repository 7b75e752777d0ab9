import type { SearchHit } from "@nfx/ruleset-edit";
import { useT } from "../i18n/use-t";
import type { NftRuleHit } from "../sim/nft-search";
import { useApp } from "../state/context";
import { useRules } from "./context";
import { FindBox } from "./FindBox";

type Hit = SearchHit | NftRuleHit;

const isNft = (h: Hit): h is NftRuleHit => "family" in h;

/**
 * Finds rules by address, port, chain or comment over the worker's index of the current revision: iptables rules
 * first, then the scenario's native nftables rules.
 */
export function SearchBox({
  onPick,
  onPickNft,
}: {
  onPick: (hit: SearchHit) => void;
  onPickNft: (hit: NftRuleHit) => void;
}) {
  const t = useT();
  const c = useRules();
  const revision = useApp((s) => s.viewRevision);
  return (
    <FindBox<Hit>
      label={t.rules.search}
      testId="rule-search"
      hitsTestId="search-hits"
      deps={[c, revision]}
      find={async (text) => {
        const a = await c.engine.query({ kind: "search", revision, text, limit: 50 });
        return a.kind === "search" ? { hits: [...a.hits, ...a.nft.hits], total: a.total + a.nft.total } : null;
      }}
      summary={t.rules.searchHits}
      hitKey={(h) =>
        isNft(h) ? `nft ${h.family} ${h.table}/${h.chain}/${h.index}` : `${h.table}/${h.chain}/${h.index}`
      }
      renderHit={(h) =>
        isNft(h) ? (
          <>
            <span className="table-chip strip--native">{`${h.family} ${h.table}`}</span>{" "}
            <code className="mono">{`${h.chain}: ${h.text}`}</code>
          </>
        ) : (
          <>
            <span className={`table-chip strip--${h.table}`}>{h.table}</span> <code className="mono">{h.text}</code>
          </>
        )
      }
      onPick={(h) => (isNft(h) ? onPickNft(h) : onPick(h))}
    />
  );
}
