import { TABLES, type TableName } from "@nfx/model";
import { useEffect, useState } from "react";
import type { ChainView } from "../sim/protocol";
import { useApp } from "../state/context";
import { selectChain } from "../state/selectors";
import type { ChainRef } from "../state/store";
import { useRules } from "./context";

/**
 * The selected chain: from the view, or asked of the worker when the view left it out (a node's 178,795
 * chains do not all travel: SimView.complete). `loading` until the worker answers; null: no such chain. While a
 * new revision's answer is on its way, the last one for the same chain is shown, so the list does not blink.
 */
export function useChain(selected: ChainRef | null): ChainView | null | "loading" {
  const inView = useApp((s) => (s.selected ? selectChain(s, s.selected.table, s.selected.chain) : null));
  const complete = useApp((s) => s.view?.complete ?? true);
  const revision = useApp((s) => s.viewRevision);
  const { engine } = useRules();
  const [fetched, setFetched] = useState<{
    readonly revision: number;
    readonly table: string;
    readonly chain: string;
    readonly view: ChainView | null;
  } | null>(null);
  const table = selected?.table ?? "";
  const chain = selected?.chain ?? "";
  const ask = !inView && !complete && (TABLES as readonly string[]).includes(table);
  useEffect(() => {
    if (!ask) return;
    let live = true;
    void engine.query({ kind: "chain", revision, table: table as TableName, chain }).then((a) => {
      if (live && a.kind === "chain") setFetched({ revision, table, chain, view: a.chain });
    });
    return () => {
      live = false;
    };
  }, [ask, engine, revision, table, chain]);
  if (inView || !ask) return inView;
  if (fetched && fetched.table === table && fetched.chain === chain) return fetched.view;
  return "loading";
}
