import type { TableName } from "@nfx/model";
import { memo } from "react";
import { useT } from "../i18n/use-t";
import { FitText } from "./FitText";
import type { LayoutNode } from "./layout";
import { NativeCellShape } from "./NativeCellShape";

export interface NodeStatus {
  readonly declared: boolean;
  readonly policy: string | null;
  readonly ruleCount: number;
  readonly packets: number;
  readonly active: boolean;
  readonly onPath: boolean | null;
  readonly selected: boolean;
}

interface Props {
  readonly node: LayoutNode;
  readonly name: string;
  readonly status: NodeStatus;
  readonly onOpen: (node: LayoutNode) => void;
  readonly onHelp: (node: LayoutNode, target: Element | null) => void;
}

const LETTER: Record<TableName, string> = { raw: "R", mangle: "M", nat: "N", filter: "F", security: "S" };

function hexagon(w: number, h: number): string {
  const c = 10;
  return `${c},0 ${w - c},0 ${w},${h / 2} ${w - c},${h} ${c},${h} 0,${h / 2}`;
}

function diamond(w: number, h: number): string {
  return `${w / 2},0 ${w},${h / 2} ${w / 2},${h} 0,${h / 2}`;
}

function TableCell({ node, status }: { node: LayoutNode; status: NodeStatus }) {
  const t = useT();
  const table = node.table!;
  const w = node.w;
  const h = node.h;
  if (!status.declared) {
    return (
      <>
        <rect className="cell-ghost" width={w} height={h} rx={4} />
        <rect className={`strip-tick strip--${table}`} width={4} height={h - 8} x={4} y={4} rx={1} />
        <text className="cell-ghost-label" x={w / 2} y={17} textAnchor="middle">
          {table}
        </text>
        <FitText className="cell-ghost-sub" x={w / 2} y={32} textAnchor="middle" max={w - 12}>
          {t.diagram.notDeclared}
        </FitText>
      </>
    );
  }
  return (
    <>
      <rect className={`cell-body body--${table}`} width={w} height={h} rx={4} />
      <path className={`strip--${table}`} d={`M0,4 a4,4 0 0 1 4,-4 h${w - 8} a4,4 0 0 1 4,4 v12 h${-w} z`} />
      <text className={`strip-text strip-text--${table}`} x={6} y={12}>
        <tspan className="strip-letter">{LETTER[table]}</tspan> {table}
      </text>
      <text className={`strip-prio strip-text--${table}`} x={w - 5} y={12} textAnchor="end">
        {node.priority}
      </text>
      <FitText className="cell-sub" x={6} y={33} max={w - 10}>
        {status.policy ? `${status.policy === "DROP" ? "DROP" : "ACCEPT"} · ${t.diagram.rules(status.ruleCount)}` : ""}
      </FitText>
      <rect className="cell-outline" width={w} height={h} rx={4} />
    </>
  );
}

function Shape({ node, status }: { node: LayoutNode; status: NodeStatus }) {
  const t = useT();
  const { w, h } = node;
  switch (node.kind) {
    case "table":
      return <TableCell node={node} status={status} />;
    case "native":
      return <NativeCellShape node={node} />;
    case "ct": {
      const confirm = node.id.endsWith("confirm");
      return (
        <>
          <polygon className="ct-shape" points={hexagon(w, h)} />
          <text className="ct-text" x={w / 2} y={17} textAnchor="middle">
            {confirm ? t.diagram.conntrackConfirm : t.diagram.conntrackLookup}
          </text>
          <text className="ct-sub" x={w / 2} y={32} textAnchor="middle">
            {confirm ? "confirm · last" : "lookup · −200"}
          </text>
        </>
      );
    }
    case "decision": {
      const small = node.id === "out.reroute";
      return (
        <>
          <polygon className="decision-shape" points={diamond(w, h)} />
          {small ? (
            <text className="decision-text decision-text--small" x={w / 2} y={h / 2 + 3.5} textAnchor="middle">
              ↻
            </text>
          ) : (
            <text className="decision-text" x={w / 2} y={h / 2 - 2} textAnchor="middle">
              <tspan x={w / 2}>routing</tspan>
              <tspan x={w / 2} dy={12}>
                decision
              </tspan>
            </text>
          )}
        </>
      );
    }
    case "junction":
      return <circle className="junction" cx={w / 2} cy={h / 2} r={w / 2} />;
    default: {
      const label =
        node.id === "if_in"
          ? t.diagram.ifIn
          : node.id === "if_out"
            ? t.diagram.ifOut
            : node.id === "gen"
              ? t.diagram.gen
              : t.diagram.local;
      return (
        <>
          <rect className="terminal-shape" width={w} height={h} rx={h / 2} />
          <FitText className="terminal-text" max={w - 16} x={w / 2} y={h / 2 + 4.5} textAnchor="middle">
            {label}
          </FitText>
        </>
      );
    }
  }
}

/**
 * One focusable, openable node. React owns it entirely; the animator never touches it. Its accessible name
 * is the bare "<table> <HOOK>", and its status (rules, counters, "not declared") is the description.
 */
export const DiagramNode = memo(function DiagramNode({ node, name, status, onOpen, onHelp }: Props) {
  const t = useT();
  const cls = [
    "node",
    `node--${node.kind}`,
    status.active ? "node--active" : "",
    status.selected ? "node--selected" : "",
    status.onPath === false ? "node--off-path" : "",
    node.table && !status.declared ? "node--ghost" : "",
  ]
    .filter(Boolean)
    .join(" ");
  const openable = node.kind === "table" || node.kind === "native" || node.kind === "ct" || node.kind === "decision";
  const description =
    node.kind === "native"
      ? `${t.nft.diagram.title(node.native!.priority, node.native!.type)}, ${t.diagram.rules(status.ruleCount)}, ${t.diagram.policy(status.policy ?? "")}, ${t.diagram.packets(status.packets)}`
      : node.kind === "table"
        ? status.declared
          ? `${node.priority ? `priority ${node.priority}, ` : ""}${t.diagram.rules(status.ruleCount)}, ${t.diagram.policy(status.policy ?? "")}, ${t.diagram.packets(status.packets)}`
          : t.diagram.notDeclared
        : undefined;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the role is set (button or img) just below
    <g
      className={cls}
      transform={`translate(${node.x},${node.y})`}
      role={openable ? "button" : "img"}
      tabIndex={node.kind === "junction" ? -1 : 0}
      aria-label={name}
      aria-description={description}
      data-node={node.id}
      data-declared={node.table ? String(status.declared) : undefined}
      onClick={openable ? () => onOpen(node) : undefined}
      onKeyDown={(e) => {
        if (openable && (e.key === "Enter" || e.key === " ")) {
          e.preventDefault();
          onOpen(node);
        }
      }}
      onMouseEnter={(e) => onHelp(node, e.currentTarget)}
      onMouseLeave={() => onHelp(node, null)}
      onFocus={(e) => onHelp(node, e.currentTarget)}
      onBlur={() => onHelp(node, null)}
    >
      <rect className="focus-ring" x={-4} y={-4} width={node.w + 8} height={node.h + 8} rx={7} />
      <Shape node={node} status={status} />
      {(node.kind === "table" || node.kind === "native") && status.declared && status.packets > 0 ? (
        // Above the cell in horizontal hooks, beside it in vertical ones: never over the priority number.
        <g
          className="count-badge"
          transform={
            node.hook === "INPUT" || node.hook === "OUTPUT"
              ? `translate(${node.w + 27},${3})`
              : `translate(${node.w - 2},${-16})`
          }
        >
          <rect x={-22} y={-2} width={26} height={15} rx={7.5} />
          <text x={-9} y={9} textAnchor="middle">
            {status.packets}
          </text>
        </g>
      ) : null}
    </g>
  );
});
