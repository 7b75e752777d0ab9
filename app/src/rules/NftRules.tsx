import type { PacketSnapshot } from "@nfx/engine";
import type { HookName } from "@nfx/model";
import type { Table } from "@nfx/nftables";
import { useEffect, useMemo, useState } from "react";
import { useT } from "../i18n/use-t";
import type { NftChainView, NftTableView, SimView } from "../sim/protocol";
import { useApp } from "../state/context";
import { selectCurrentFrame, selectItems } from "../state/selectors";
import { NftKubeServices } from "./NftKubeServices";
import { NftRuleChecks } from "./NftRuleChecks";
import { nftTableKey } from "./nft-table-key";
import "./nft.css";

/** Whether `table chain` names a chain of the native ruleset (`table` as traces name it: `inet fw`, `filter`). */
export function isNftChain(view: SimView | null, table: string, chain: string): boolean {
  return !!view?.nft?.tables.some(
    (t) => nftTableKey(t.family, t.name) === table && t.chains.some((c) => c.name === chain),
  );
}

/** Packets counted per rule (`table/chain/position`), from the simulation's counters, whatever family. */
function useCounts(): ReadonlyMap<string, number> {
  const counters = useApp((s) => s.view?.result.nftCounters);
  return useMemo(() => {
    const m = new Map<string, number>();
    for (const c of counters ?? []) m.set(`${nftTableKey(c.at.family, c.at.table)}/${c.at.chain}/${c.rule}`, c.packets);
    return m;
  }, [counters]);
}

/**
 * The native nftables ruleset, table by table: each chain with its hook, type, priority and policy as nft lists
 * them, and its rules with the packets each counted. Read-only: nft rules are edited as text (issue 10).
 */
export function NftRules() {
  const t = useT();
  const nft = useApp((s) => s.view?.nft ?? null);
  const selected = useApp((s) => s.selected);
  const counts = useCounts();
  const frame = useApp(selectCurrentFrame);
  const items = useApp(selectItems);
  const [q, setQ] = useState("");
  if (!nft) return null;
  // Playback at a native rule or policy: that chain shows which rules the packet passed, matched, and why.
  let at: Playing | null = null;
  if (frame?.rule && frame.say.kind.startsWith("nft-")) {
    const steps = items[frame.item]?.outcome.steps;
    const s = frame.snapshotStep >= 0 ? steps?.[frame.snapshotStep] : undefined;
    const snapshot = s && (s.kind === "nft-chain" || s.kind === "nft-rule") ? (s.packet ?? null) : null;
    at = { ...frame.rule, hook: frame.rule.hook as HookName, snapshot };
  }
  const needle = q.trim().toLowerCase();
  let found = 0;
  const tables = nft.tables.map((table) => {
    const chains = table.chains.map((chain) => {
      const rules = chain.rules.map((r, i) => ({ ...r, position: i + 1 }));
      const shown = needle
        ? rules.filter((r) => `${table.family} ${table.name} ${chain.name} ${r.text}`.toLowerCase().includes(needle))
        : rules;
      found += shown.length;
      return { chain, shown };
    });
    return { table, chains };
  });
  return (
    <section className="nft-rules" data-testid="nft-rules" aria-label={t.nft.rules.title}>
      <h3>{t.nft.rules.title}</h3>
      <input
        type="search"
        value={q}
        placeholder={t.nft.rules.search}
        aria-label={t.nft.rules.search}
        data-testid="nft-search"
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      {needle ? (
        <p className="muted" role="status">
          {found ? t.nft.rules.found(found) : t.nft.rules.notFound}
        </p>
      ) : null}
      {nft.tables.length === 0 ? <p className="muted">{t.nft.rules.none}</p> : null}
      <NftKubeServices />
      {tables.map(({ table, chains }) => (
        <div key={`${table.family} ${table.name}`} className="nft-table" data-testid="nft-table">
          {/* nft's own syntax and the user's names: code, the same in every language (translate="no"). */}
          <h4 translate="no">{`table ${table.family} ${table.name}`}</h4>
          <p className="nft-table__meta">
            {table.simulated ? null : `${t.nft.rules.notSimulated}. `}
            {table.sets ? t.nft.rules.sets(table.sets) : null}
          </p>
          {chains.map(({ chain, shown }) =>
            needle && shown.length === 0 ? null : (
              <NftChain
                key={chain.name}
                table={table}
                chain={chain}
                rules={shown}
                counts={counts}
                at={at && at.table === nftTableKey(table.family, table.name) && at.chain === chain.name ? at : null}
                model={nft.model?.tables.find((x) => x.family === table.family && x.name === table.name) ?? null}
                open={
                  needle !== "" ||
                  (selected?.table === nftTableKey(table.family, table.name) && selected.chain === chain.name)
                }
              />
            ),
          )}
        </div>
      ))}
    </section>
  );
}

/** Where playback is, when it is at a native rule or policy. */
interface Playing {
  readonly table: string;
  readonly chain: string;
  readonly hook: HookName;
  readonly rule: number | "policy";
  readonly missedFrom: number;
  readonly snapshot: PacketSnapshot | null;
}

/** Rules listed per open chain; a search finds the others. */
const MAX_SHOWN = 500;

function NftChain({
  table,
  chain,
  rules,
  counts,
  at,
  model,
  open,
}: {
  table: NftTableView;
  chain: NftChainView;
  rules: readonly (NftChainView["rules"][number] & { position: number })[];
  counts: ReadonlyMap<string, number>;
  at: Playing | null;
  model: Table | null;
  open: boolean;
}) {
  const t = useT();
  const key = nftTableKey(table.family, table.name);
  const b = chain.base;
  // A closed chain renders no rules: a kube-proxy ruleset has thousands.
  const [shown, setShown] = useState(open || chain.rules.length <= 12);
  useEffect(() => {
    if (open || at) setShown(true);
  }, [open, at]);
  const matched = at && at.rule !== "policy" ? at.rule : null;
  const passedTo = at ? (at.rule === "policy" ? chain.rules.length : at.rule - 1) : 0;
  const modelChain = model?.chains.find((c) => c.name === chain.name) ?? null;
  return (
    <details
      className="nft-chain"
      open={shown}
      onToggle={(e) => setShown(e.currentTarget.open)}
      data-testid="nft-chain"
      data-chain={`${key} ${chain.name}`}
    >
      <summary>
        <code>{`chain ${chain.name}`}</code>
        <span className="nft-count">{t.nft.rules.rules(chain.rules.length)}</span>
      </summary>
      <p className="nft-chain__base" translate={b ? "no" : undefined}>
        {b ? t.nft.rules.base(b.type, b.hook, b.priorityText, b.policy) : t.nft.rules.regular}
      </p>
      {shown && rules.length ? (
        <ol>
          {rules.slice(0, MAX_SHOWN).map((r) => {
            const hits = counts.get(`${key}/${chain.name}/${r.position}`) ?? 0;
            const isMatched = r.position === matched;
            const passed = at !== null && r.position >= at.missedFrom && r.position <= passedTo;
            const rule = modelChain?.rules[r.position - 1];
            const cls = isMatched ? "nft-rule--current" : passed ? "nft-rule--passed" : hits ? "nft-rule--hit" : "";
            return (
              <li
                key={r.position}
                value={r.position}
                className={cls || undefined}
                aria-current={isMatched ? "true" : undefined}
                data-rule={r.position}
              >
                <code>{r.text}</code>
                {hits ? <span className="nft-count">{t.nft.rules.hits(hits)}</span> : null}
                {isMatched || passed ? (
                  <span className="nft-count">{isMatched ? t.nft.explain.matched : t.nft.explain.passed}</span>
                ) : null}
                {(isMatched || passed) && rule && model && at?.snapshot ? (
                  <NftRuleChecks table={model} rule={rule} snapshot={at.snapshot} hook={at.hook} />
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
    </details>
  );
}
