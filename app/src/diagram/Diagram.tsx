import { nativeTableLabel } from "@nfx/engine";
import type { HookName, TableName } from "@nfx/model";
import { useCallback, useEffect, useRef, useState } from "react";
import { useT } from "../i18n/use-t";
import { useActions, useApp, useAppStoreApi } from "../state/context";
import { isDeclared, selectCellCounts, selectCurrentNode, selectDeclared, selectPathNodes } from "../state/selectors";
import { afterNextFrame } from "./after-next-frame";
import { DiagramNode, type NodeStatus } from "./DiagramNode";
import { Edges } from "./Edges";
import { createFitBatch, FitBatchContext } from "./fit-batch";
import { HookFrame } from "./HookFrame";
import { nodeHelp, nodeName } from "./help";
import { Legend } from "./Legend";
import { LegendStrip } from "./LegendStrip";
import { ARROW, type DiagramLayout, type LayoutNode, TOKEN_H, TOKEN_W } from "./layout";
import { NativeLegend } from "./NativeLegend";
import { createPacketAnimator } from "./packet-animator";
import { createPanZoom, type PanZoom } from "./pan-zoom";
import { createSwarm } from "./swarm";
import { useLayout } from "./use-layout";

interface Help {
  readonly text: string;
  readonly x: number;
  readonly y: number;
}

/** The packet-flow diagram: React renders the fixed structure, the animator owns the token layer. */
export function Diagram() {
  const t = useT();
  const store = useAppStoreApi();
  const { select } = useActions();
  const svgRef = useRef<SVGSVGElement>(null);
  const viewportRef = useRef<SVGGElement>(null);
  const tokenLayerRef = useRef<SVGGElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const panZoom = useRef<PanZoom | null>(null);
  const [help, setHelp] = useState<Help | null>(null);

  const view = useApp((s) => s.view);
  const declared = useApp(selectDeclared);
  const current = useApp(selectCurrentNode);
  const path = useApp(selectPathNodes);
  const counts = useApp(selectCellCounts);
  const selected = useApp((s) => s.selected);
  const layout = useLayout(view?.plan ?? null);
  const size = useRef({ width: layout.width, height: layout.height });
  size.current = { width: layout.width, height: layout.height };
  /** The camera reads the layout of the moment (native cells move the tokens), not the one of the first render. */
  const layoutNow = useRef<DiagramLayout>(layout);
  /** The labels of this diagram are fitted together (fit-batch.ts). */
  const [fitBatch] = useState(createFitBatch);
  layoutNow.current = layout;

  useEffect(() => {
    const pz = createPanZoom(svgRef.current!, viewportRef.current!, size.current);
    panZoom.current = pz;
    // The camera follows the packet: zoomed in (or on a phone), the token never leaves the view.
    // Deferred: the animator (subscribed after this effect) sizes the card for the new step first. Once, after the
    // next frame: measuring the diagram forced a layout, which in the task that brought a new view (a node's rules
    // listed beside it) made it a long task; once the frame is drawn, its layout is there to read.
    let asked = false;
    const followCurrent = () => {
      if (asked) return;
      asked = true;
      queueMicrotask(() =>
        afterNextFrame(() => {
          asked = false;
          const id = selectCurrentNode(store.getState());
          const node = id ? layoutNow.current.nodes.find((n) => n.id === id) : undefined;
          const card = tokenLayerRef.current?.querySelector(".token-card");
          const w = Number(card?.getAttribute("width")) || TOKEN_W;
          if (node && panZoom.current === pz) pz.follow(node.token, { x: w / 2, y: TOKEN_H / 2 + 4 });
        }),
      );
    };
    followCurrent();
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.cursor !== prev.cursor || s.view !== prev.view) followCurrent();
    });
    return () => {
      unsubscribe();
      pz.destroy();
      panZoom.current = null;
    };
  }, [store]);
  // Native chains make the diagram larger: fit it again (unless the user moved it).
  useEffect(() => {
    panZoom.current?.update({ width: layout.width, height: layout.height });
  }, [layout.width, layout.height]);

  useEffect(() => {
    const animator = createPacketAnimator(tokenLayerRef.current!, store, layout);
    const bench = Number(new URLSearchParams(location.search).get("bench")) || 0;
    const swarm =
      bench > 0 ? createSwarm(wrapRef.current!, viewportRef.current!, store, layout, Math.min(bench, 5000)) : null;
    return () => {
      swarm?.destroy();
      animator.destroy();
    };
  }, [store, layout]);

  const onOpen = useCallback(
    (node: LayoutNode) => {
      const n = node.native;
      if (n && node.hook) select({ table: nativeTableLabel(n.family, n.table), chain: n.chain, hook: node.hook });
      else if (node.table && node.hook) select({ table: node.table, chain: node.hook, hook: node.hook });
    },
    [select],
  );

  const onHelp = useCallback(
    (node: LayoutNode | string, target: Element | null) => {
      if (!target) {
        setHelp(null);
        return;
      }
      const wrap = wrapRef.current!.getBoundingClientRect();
      const r = target.getBoundingClientRect();
      const text = typeof node === "string" ? node : nodeHelp(t, node, !node.table || isDeclaredNow(node));
      setHelp({ text, x: r.left - wrap.left + r.width / 2, y: r.bottom - wrap.top + 8 });
      // The declared state is read at hover time; no need to re-render the handler when it changes.
      function isDeclaredNow(n: LayoutNode) {
        return isDeclared(selectDeclared(store.getState()), n.table as TableName, n.hook as HookName);
      }
    },
    [store, t],
  );

  const statusOf = (node: LayoutNode): NodeStatus => {
    const n = node.native;
    if (n) {
      const key = nativeTableLabel(n.family, n.table);
      const rules = view?.nft?.tables
        .find((x) => x.family === n.family && x.name === n.table)
        ?.chains.find((c) => c.name === n.chain)?.rules.length;
      return {
        declared: true,
        policy: n.policy.toUpperCase(),
        ruleCount: rules ?? 0,
        packets: counts.get(node.id) ?? 0,
        active: current === node.id,
        onPath: path ? path.has(node.id) : null,
        selected: !!selected && selected.table === key && selected.chain === n.chain,
      };
    }
    const chain =
      node.table && node.hook ? view?.chains.find((c) => c.table === node.table && c.name === node.hook) : undefined;
    return {
      declared: node.table && node.hook ? isDeclared(declared, node.table, node.hook) : true,
      policy: chain?.policy ?? null,
      ruleCount: chain?.ruleCount ?? 0,
      packets: counts.get(node.id) ?? 0,
      active: current === node.id,
      onPath: path ? path.has(node.id) || node.kind === "junction" : null,
      selected: !!selected && node.table === selected.table && node.hook === selected.hook,
    };
  };

  return (
    <FitBatchContext value={fitBatch}>
      <div className="diagram" ref={wrapRef}>
        <LegendStrip native={layout.nodes.some((n) => n.native)} />
        {/* biome-ignore lint/a11y/useSemanticElements: an SVG canvas cannot be a fieldset; the group names the diagram */}
        <svg ref={svgRef} className="diagram-svg" role="group" aria-label={t.diagram.label} data-testid="diagram">
          <defs>
            <marker
              id="arrow"
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerUnits="userSpaceOnUse"
              markerWidth={ARROW}
              markerHeight={ARROW}
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" className="arrowhead" />
            </marker>
          </defs>
          <g ref={viewportRef}>
            <Legend />
            {layout.nodes.some((n) => n.native) ? <NativeLegend /> : null}
            {layout.hooks.map((h) => (
              <HookFrame key={h.hook} box={h} onHelp={onHelp} />
            ))}
            <Edges edges={layout.edges} path={path} />
            <g className="nodes">
              {layout.nodes.map((n) => (
                <DiagramNode
                  key={n.id}
                  node={n}
                  name={nodeName(t, n)}
                  status={statusOf(n)}
                  onOpen={onOpen}
                  onHelp={onHelp}
                />
              ))}
            </g>
            <g ref={tokenLayerRef} className="token-layer" data-testid="token-layer" />
          </g>
        </svg>
        <div className="zoom-controls">
          <button type="button" onClick={() => panZoom.current?.zoomBy(1.25)} aria-label={t.diagram.zoomIn}>
            +
          </button>
          <button type="button" onClick={() => panZoom.current?.zoomBy(0.8)} aria-label={t.diagram.zoomOut}>
            −
          </button>
          <button type="button" onClick={() => panZoom.current?.fit()}>
            {t.diagram.zoomFit}
          </button>
        </div>
        {help ? (
          <div className="help-tip" role="tooltip" style={{ left: help.x, top: help.y }}>
            {help.text}
          </div>
        ) : null}
      </div>
    </FitBatchContext>
  );
}
