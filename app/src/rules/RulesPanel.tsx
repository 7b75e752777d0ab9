import type { CounterEntry, PacketSnapshot, Step } from "@nfx/engine";
import { formatRuleAsCommand } from "@nfx/iptables-save";
import { HOOKS, type HookName, isBuiltinChain, TABLE_HOOKS, TABLES, type TableName } from "@nfx/model";
import { reachingHooks, recognizeChain } from "@nfx/ruleset-edit";
import { useEffect, useMemo, useRef, useState } from "react";
import { useT } from "../i18n/use-t";
import { PER_SERVICE_CHAIN } from "../sim/chain-selection";
import type { ChainView, SimView } from "../sim/protocol";
import { useActions, useApp } from "../state/context";
import { selectCurrentFrame, selectItems } from "../state/selectors";
import { scrollIntoPanel } from "../ui/scroll-into-panel";
import { ChainFinder } from "./ChainFinder";
import { useRules, useRulesUi } from "./context";
import { copy } from "./io";
import type { JumpTargets } from "./jump-targets";
import { KubeCard } from "./KubeCard";
import { KubeServices } from "./KubeServices";
import { isNftChain, NftRules } from "./NftRules";
import { nftTableKey } from "./nft-table-key";
import { OpenProgress } from "./OpenProgress";
import { RuleForm } from "./RuleForm";
import { type RowMark, RuleRow } from "./RuleRow";
import { SearchBox } from "./SearchBox";
import { Toolbar } from "./Toolbar";
import { useChain } from "./use-chain";
import { useRows } from "./use-rows";
import { ValidationNotice } from "./ValidationNotice";
import "./rules.css";

/** Chains with more rules than this are virtualised: fixed-height rows, only the visible ones rendered. */
const VIRTUAL_FROM = 300;
const ROW = 46;
const VIEWPORT = 440;
/** How many jump targets a search in the rule form shows; the count says how many more there are. */
const JUMP_HITS = 50;

function countersOf(view: SimView | null): Map<string, CounterEntry> {
  if (!view) return new Map();
  return new Map(view.result.counters.map((c) => [`${c.table}/${c.chain}/${c.rule}`, c]));
}

function hooksFor(view: SimView | null, table: TableName, chain: string): HookName[] {
  if (isBuiltinChain(table, chain)) return [chain];
  if (!view?.inline) return [];
  const chains = view.chains
    .filter((c) => c.table === table)
    .map((c) => ({ name: c.name, policy: c.policy, rules: c.rules.map((r) => r.rule) }));
  return reachingHooks({ name: table, chains }, chain);
}

/**
 * The rules of one chain, editable: the list in order with counters, each as its command and in plain words;
 * add, insert, delete and reorder rules; policy; create, rename and delete user chains; find any rule.
 */
export function RulesPanel() {
  const t = useT();
  const selected = useApp((s) => s.selected);
  const view = useApp((s) => s.view);
  const found = useChain(selected);
  const chain = found === "loading" ? null : found;
  // A native chain picked in the diagram is listed (and opened) by NftRules below.
  const nativeSelected = useApp((s) => !!s.selected && isNftChain(s.view, s.selected.table, s.selected.chain));
  const { select } = useActions();
  const c = useRules();
  const refusal = useRulesUi((s) => s.refusal);
  const draft = useRulesUi((s) => s.draft);
  const [dropping, setDropping] = useState(false);
  const [scrollTo, setScrollTo] = useState<number | null>(null);

  const pick = (table: TableName, name: string) => {
    const hook = isBuiltinChain(table, name)
      ? name
      : selected?.table === table
        ? selected.hook
        : TABLE_HOOKS[table][0]!;
    select({ table, chain: name, hook });
  };

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a drop target for files; the Open file button is the keyboard path
    <div
      className={`rules rules-editor ${dropping ? "rules--drop" : ""}`}
      data-testid="rules"
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes("Files")) return;
        e.preventDefault();
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={async (e) => {
        const f = e.dataTransfer.files[0];
        setDropping(false);
        if (!f) return;
        e.preventDefault();
        await c.openFile(f, f.name);
      }}
    >
      <Toolbar />
      <OpenProgress />
      <ValidationNotice />
      {dropping ? <p className="drop-hint">{t.rules.dropHere}</p> : null}
      {draft?.status === "errors" ? (
        <div className="draft-errors" role="alert" data-testid="draft-errors">
          <p>{t.rules.draftErrors(draft.diagnostics.filter((d) => d.severity === "error").length, draft.source)}</p>
          <ul className="diagnostics">
            {draft.diagnostics.slice(0, 20).map((d) => (
              <li key={`${d.line}:${d.column}:${d.code}`} className={`diag diag--${d.severity}`}>
                {t.rules.diagnostic(d.line, d.column, d.message)}
              </li>
            ))}
          </ul>
          <button type="button" onClick={c.discardDraft}>
            {t.rules.discard}
          </button>
        </div>
      ) : null}
      {refusal ? (
        <p className="refusal" role="alert" data-testid="refusal">
          {t.rules.refused} {refusal}
        </p>
      ) : null}
      <SearchBox
        onPick={(h) => {
          pick(h.table, h.chain);
          setScrollTo(h.index);
        }}
        onPickNft={(h) => {
          // A regular chain has no hook of its own: the diagram keeps the one in view.
          const hook = HOOKS.find((x) => x === h.hook?.toUpperCase()) ?? selected?.hook ?? "INPUT";
          select({ table: nftTableKey(h.family, h.table), chain: h.chain, hook });
        }}
      />
      <ChainPicker view={view} selected={nativeSelected ? null : selected} onPick={pick} />
      {view && chainCount(view) > PICKER_CHAINS ? <ChainFinder onPick={pick} /> : null}
      {!selected ? <p className="empty">{t.panels.rulesNone}</p> : null}
      {selected && found === "loading" && !nativeSelected ? <p className="muted">{t.rules.loading}</p> : null}
      {selected && found === null && !nativeSelected ? (
        <>
          <h3>{`${selected.table} ${selected.chain}`}</h3>
          <p className="notice-ghost">{t.panels.rulesNotDeclared}</p>
        </>
      ) : null}
      {chain ? (
        <ChainRules
          key={`${chain.table}/${chain.name}`}
          chain={chain}
          scrollTo={scrollTo}
          onScrolled={() => setScrollTo(null)}
        />
      ) : null}
      <KubeServices onOpen={pick} />
      <NftRules />
    </div>
  );
}

/** The picker's menu lists at most this many chains of a table; past it, the chain finder searches them all. */
const PICKER_CHAINS = 400;

/** How many chains the ruleset has in all (the view may carry only some: SimView.complete). */
function chainCount(view: SimView): number {
  return Object.values(view.chainTotals).reduce((n, k) => n + k, 0);
}

function ChainPicker({
  view,
  selected,
  onPick,
}: {
  view: SimView | null;
  selected: { table: string; chain: string } | null;
  onPick: (table: TableName, chain: string) => void;
}) {
  const t = useT();
  const c = useRules();
  // A selection outside iptables' five tables (a native nft chain) leaves the picker on filter.
  const table: TableName = (TABLES as readonly string[]).includes(selected?.table ?? "")
    ? (selected!.table as TableName)
    : "filter";
  const chains = useMemo(() => view?.chains.filter((x) => x.table === table) ?? [], [view, table]);
  const total = view?.chainTotals[table] ?? chains.length;
  // Thousands of per-service chains (kube-proxy) would make the menu useless: list the structural ones, and
  // reach the rest through the search.
  const listed = useMemo(() => {
    if (total <= PICKER_CHAINS) return chains;
    const main = chains.filter((x) => !PER_SERVICE_CHAIN.test(x.name) || x.name === selected?.chain);
    return main.length > PICKER_CHAINS ? main.slice(0, PICKER_CHAINS) : main;
  }, [chains, total, selected?.chain]);
  return (
    <div className="chain-picker">
      <label>
        <span className="sr-only">{t.rules.table}</span>
        <select
          aria-label={t.rules.table}
          value={table}
          onChange={(e) =>
            onPick(e.currentTarget.value as TableName, TABLE_HOOKS[e.currentTarget.value as TableName][0]!)
          }
        >
          {TABLES.map((x) => (
            <option key={x}>{x}</option>
          ))}
        </select>
      </label>
      <label>
        <span className="sr-only">{t.rules.chain}</span>
        <select
          aria-label={t.rules.chain}
          data-testid="chain-select"
          value={selected?.chain ?? ""}
          onChange={(e) => onPick(table, e.currentTarget.value)}
        >
          {!selected ? <option value="">—</option> : null}
          {[
            ...new Set([
              ...TABLE_HOOKS[table],
              ...listed.map((x) => x.name),
              // A chain picked through the finder, which a view of a large ruleset may not carry.
              ...(selected?.table === table && selected.chain ? [selected.chain] : []),
            ]),
          ].map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      {total > PICKER_CHAINS ? <span className="muted">{t.rules.manyChains(total)}</span> : null}
      <button
        type="button"
        onClick={async () => {
          const name = prompt(t.rules.newChainPrompt)?.trim();
          if (name && (await c.edit({ kind: "create-chain", table, chain: name }))) onPick(table, name);
        }}
      >
        + {t.rules.newChain}
      </button>
    </div>
  );
}

function ChainRules({
  chain,
  scrollTo,
  onScrolled,
}: {
  chain: ChainView;
  scrollTo: number | null;
  onScrolled: () => void;
}) {
  const t = useT();
  const view = useApp((s) => s.view);
  const frame = useApp(selectCurrentFrame);
  const items = useApp(selectItems);
  const c = useRules();
  const { select } = useActions();
  const selected = useApp((s) => s.selected);
  const [form, setForm] = useState<{ at: number } | null>(null);
  const [top, setTop] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);
  const focusAfter = useRef<number | null>(null);
  const policyLine = useRef<HTMLParagraphElement>(null);
  const n = chain.ruleCount;
  const virtual = n > VIRTUAL_FROM;
  const from = virtual ? Math.max(0, Math.floor(top / ROW) - 5) : 0;
  const to = virtual ? Math.min(n, Math.ceil((top + VIEWPORT) / ROW) + 5) : n;
  const rows = useRows(chain, from, to);
  const counters = useMemo(() => countersOf(view), [view]);
  const builtin = isBuiltinChain(chain.table, chain.name);
  const kind = recognizeChain(chain.name);

  useEffect(() => {
    if (scrollTo === null) return;
    if (virtual && scroller.current) scroller.current.scrollTop = scrollTo * ROW;
    else {
      const row = scroller.current?.querySelector<HTMLElement>(`[data-rule="${scrollTo + 1}"]`);
      if (row) scrollIntoPanel(row, "center");
    }
    onScrolled();
  }, [scrollTo, virtual, onScrolled]);
  useEffect(() => {
    if (focusAfter.current === null) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-rule="${focusAfter.current}"]`);
    if (el) {
      el.focus();
      focusAfter.current = null;
    }
  });

  const here = frame?.rule && frame.rule.table === chain.table && frame.rule.chain === chain.name ? frame.rule : null;
  let snapshot: PacketSnapshot | null = null;
  if (here && frame && frame.snapshotStep >= 0) {
    const s = items[frame.item]?.outcome.steps[frame.snapshotStep] as Step | undefined;
    if (s?.kind === "chain" || s?.kind === "rule") snapshot = s.packet ?? null;
  }
  const matchedNo = here && here.rule !== "policy" ? here.rule : null;
  // The packet as the rule after the matching one saw it: what the target changed (MARK, TTL...).
  let after: PacketSnapshot | null = snapshot;
  if (matchedNo !== null && frame) {
    const s = items[frame.item]?.outcome.steps[frame.step] as Step | undefined;
    if (s?.kind === "rule" && s.packet) after = s.packet;
  }
  const currentAt = here ? here.rule : null;
  const frameIndex = frame?.index ?? -1;
  // Playback reached a rule (or the policy) of this chain: bring it into view with its why-line, which is
  // part of the row, so a matching rule below the fold is seen at the step that explains it.
  useEffect(() => {
    if (currentAt === null || frameIndex < 0) return;
    const box = scroller.current;
    if (!box) return;
    if (currentAt === "policy") {
      if (policyLine.current) scrollIntoPanel(policyLine.current);
      return;
    }
    if (virtual) {
      const y = (currentAt - 1) * ROW;
      if (y < box.scrollTop || y + ROW * 2 > box.scrollTop + box.clientHeight) box.scrollTop = Math.max(0, y - ROW * 2);
      return;
    }
    const row = box.querySelector<HTMLElement>(`[data-rule="${currentAt}"]`);
    // Inside the panel only: the page stays on the diagram (issue 11, diagram first).
    if (row) scrollIntoPanel(row);
  }, [currentAt, frameIndex, virtual]);
  const passedTo = here ? (here.rule === "policy" ? n : here.rule - 1) : 0;
  const markOf = (k: number): RowMark => ({
    passed: here !== null && k >= here.missedFrom && k <= passedTo,
    matched: k === matchedNo,
    verdict: here?.verdict,
    snapshot,
    after: k === matchedNo ? after : null,
    statisticPin: view?.statisticPins[`${chain.table}:${chain.name}:${k}`],
  });

  const act = async (action: "up" | "down" | "delete" | "insert" | "copy", k: number) => {
    const base = { table: chain.table, chain: chain.name };
    if (action === "insert") setForm({ at: k - 1 });
    else if (action === "copy") {
      const row = rows[k - 1 - from];
      if (row && (await copy(formatRuleAsCommand(chain.table, chain.name, row.rule)))) c.say("copied");
    } else if (action === "delete") {
      focusAfter.current = Math.min(k, n - 1) || null;
      await c.edit({ kind: "delete", ...base, index: k - 1 });
    } else {
      const dest = action === "up" ? k - 2 : k;
      if (dest < 0 || dest >= n) return;
      focusAfter.current = dest + 1;
      await c.edit({ kind: "move", ...base, from: k - 1, to: dest });
    }
  };
  // Only the rule form offers them: a node has 178,795 chains, not worth a walk on every render.
  const formOpen = form !== null;
  const revision = useApp((s) => s.viewRevision);
  const jumpTargets = useMemo((): JumpTargets => {
    if (!view || view.complete)
      return {
        kind: "listed",
        chains: formOpen
          ? (view?.chains.filter((x) => x.table === chain.table && x.policy === null).map((x) => x.name) ?? [])
          : [],
      };
    // The view leaves chains out: they are found in the worker, among the table's own (not its built-in ones, nor
    // the chain the rule goes in).
    const table = chain.table;
    const name = chain.name;
    return {
      kind: "found",
      find: async (text) => {
        const a = await c.engine.query({ kind: "chains", revision, text, limit: JUMP_HITS, table });
        if (a.kind !== "chains") return null;
        const hits = a.hits.filter((h) => h.chain !== name && !isBuiltinChain(table, h.chain));
        return { hits, total: a.total - (a.hits.length - hits.length) };
      },
    };
  }, [formOpen, view, chain.table, chain.name, c, revision]);

  return (
    <>
      <h3>
        <span className={`table-chip strip--${chain.table}`}>{chain.table}</span> {chain.name}
        <span className="muted"> · {t.rules.rules(n)}</span>
        {kind ? <span className="chain-kind"> · {kind}</span> : null}
      </h3>
      <div className="chain-actions">
        {builtin ? (
          <label>
            {t.rules.policy}{" "}
            <select
              data-testid="policy"
              value={chain.policy ?? "ACCEPT"}
              onChange={(e) =>
                void c.edit({
                  kind: "set-policy",
                  table: chain.table,
                  chain: chain.name,
                  policy: e.currentTarget.value as "ACCEPT" | "DROP",
                })
              }
            >
              <option>ACCEPT</option>
              <option>DROP</option>
            </select>
          </label>
        ) : (
          <>
            <button
              type="button"
              onClick={async () => {
                const to = prompt(t.rules.renamePrompt(chain.name), chain.name)?.trim();
                if (!to || to === chain.name) return;
                if (await c.edit({ kind: "rename-chain", table: chain.table, chain: chain.name, to }))
                  select({ table: chain.table, chain: to, hook: selected?.hook ?? TABLE_HOOKS[chain.table][0]! });
              }}
            >
              {t.rules.rename}
            </button>
            <button
              type="button"
              onClick={() => void c.edit({ kind: "delete-chain", table: chain.table, chain: chain.name })}
            >
              {t.rules.deleteChain}
            </button>
          </>
        )}
        <button type="button" data-testid="add-rule" onClick={() => setForm({ at: n })}>
          + {t.rules.addRule}
        </button>
      </div>
      {/^KUBE-(SVC|SVL)-/.test(chain.name) ? <KubeCard table={chain.table} chain={chain.name} /> : null}
      {form ? (
        <RuleForm
          key={form.at}
          table={chain.table}
          chain={chain.name}
          hooks={hooksFor(view, chain.table, chain.name)}
          jumpTargets={jumpTargets}
          ruleCount={n}
          initialPosition={form.at + 1}
          onCancel={() => setForm(null)}
          onSubmit={async (rule, index) => {
            const ok = await c.edit(
              index >= n
                ? { kind: "append", table: chain.table, chain: chain.name, rule }
                : { kind: "insert", table: chain.table, chain: chain.name, index, rule },
            );
            if (ok) setForm(null);
          }}
        />
      ) : null}
      {n === 0 ? <p className="empty">{t.panels.rulesEmpty}</p> : null}
      <div
        ref={scroller}
        className={virtual ? "rule-scroller rule-scroller--virtual" : "rule-scroller"}
        style={virtual ? { height: VIEWPORT } : undefined}
        onScroll={virtual ? (e) => setTop(e.currentTarget.scrollTop) : undefined}
        data-testid="rule-scroller"
      >
        <ol className="rule-list" style={virtual ? { height: n * ROW, paddingTop: from * ROW } : undefined}>
          {rows.map((row, i) => {
            const k = from + i + 1;
            return (
              <RuleRow
                key={k}
                n={k}
                row={row}
                counters={counters.get(`${chain.table}/${chain.name}/${k}`)}
                mark={markOf(k)}
                compact={virtual}
                onAction={act}
                onDrop={(a, b) =>
                  void c.edit({ kind: "move", table: chain.table, chain: chain.name, from: a - 1, to: b - 1 })
                }
              />
            );
          })}
        </ol>
      </div>
      {chain.policy ? (
        <p ref={policyLine} className={`policy-line ${here?.rule === "policy" ? "rule--current" : ""}`}>
          {here?.rule === "policy" ? `▶ ${t.panels.policyLine(chain.policy)}` : t.diagram.policy(chain.policy)}
          {counters.get(`${chain.table}/${chain.name}/policy`)
            ? ` · ${counters.get(`${chain.table}/${chain.name}/policy`)!.packets} pkts`
            : ""}
        </p>
      ) : null}
    </>
  );
}
