import { memo } from "react";
import type { Strings } from "../i18n";
import { useT } from "../i18n/use-t";
import { FitText } from "./FitText";
import { cellForm, type LayoutNode } from "./layout";
import { NativeCellShape } from "./NativeCellShape";
import { PRIORITY, TABLE_LETTER } from "./nodes";

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

function hexagon(w: number, h: number): string {
  const c = 10;
  return `${c},0 ${w - c},0 ${w},${h / 2} ${w - c},${h} ${c},${h} 0,${h / 2}`;
}

function diamond(w: number, h: number): string {
  return `${w / 2},0 ${w},${h / 2} ${w / 2},${h} 0,${h / 2}`;
}

/** "−150", "+100", "0", or the word for conntrack confirm's place: last of all. */
function prioText(t: Strings, node: LayoutNode): string {
  return node.priority === PRIORITY.confirm ? t.diagram.prioLast : node.priority;
}

/** Splits "routing decision" / "Interface in" onto two lines; a label without a space (Chinese) stays one. */
function twoLines(label: string): [string, string] | null {
  const space = label.indexOf(" ");
  return space > 0 ? [label.slice(0, space), label.slice(space + 1)] : null;
}

function TableCell({ node, status }: { node: LayoutNode; status: NodeStatus }) {
  const t = useT();
  const table = node.table!;
  const w = node.w;
  const h = node.h;
  const tall = cellForm(node) === "tall";
  if (!status.declared) {
    return (
      <>
        <rect className="cell-ghost" width={w} height={h} rx={4} />
        <rect className={`strip-tick strip--${table}`} width={4} height={h - 8} x={4} y={4} rx={1} />
        <text className="cell-ghost-label" x={w / 2} y={tall ? 24 : 17} textAnchor="middle">
          {table}
        </text>
        <FitText className="cell-ghost-sub" x={w / 2} y={tall ? 48 : 34} textAnchor="middle" max={w - 12}>
          {t.diagram.notDeclared}
        </FitText>
      </>
    );
  }
  const policy = status.policy ? (status.policy === "DROP" ? "DROP" : "ACCEPT") : "";
  return (
    <>
      <rect className={`cell-body body--${table}`} width={w} height={h} rx={4} />
      <path className={`strip--${table}`} d={`M0,4 a4,4 0 0 1 4,-4 h${w - 8} a4,4 0 0 1 4,4 v16 h${-w} z`} />
      <FitText className={`strip-text strip-text--${table}`} x={5} y={15} max={tall ? w - 10 : w - 50}>
        <tspan className="strip-letter">{TABLE_LETTER[table]}</tspan> {table}
      </FitText>
      {tall ? (
        <>
          <text className="cell-prio" x={6} y={37}>
            {prioText(t, node)}
          </text>
          <text className="cell-sub" x={6} y={53}>
            {policy}
          </text>
          <FitText className="cell-sub" x={6} y={69} max={w - 10}>
            {status.policy ? t.diagram.rules(status.ruleCount) : ""}
          </FitText>
        </>
      ) : (
        <>
          <text className={`strip-prio strip-text--${table}`} x={w - 5} y={15} textAnchor="end">
            {prioText(t, node)}
          </text>
          <FitText className="cell-sub" x={6} y={35} max={w - 10}>
            {status.policy ? `${policy} · ${t.diagram.rules(status.ruleCount)}` : ""}
          </FitText>
        </>
      )}
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
      const step = confirm ? t.diagram.ctStep.confirm : t.diagram.ctStep.lookup;
      const tall = cellForm(node) === "tall";
      return (
        <>
          <polygon className="ct-shape" points={hexagon(w, h)} />
          <FitText className="ct-text" x={w / 2} y={tall ? 28 : 17} textAnchor="middle" max={w - 18}>
            {t.diagram.conntrackLookup}
          </FitText>
          {tall ? (
            <>
              <text className="ct-sub" x={w / 2} y={46} textAnchor="middle">
                {step}
              </text>
              <text className="ct-sub" x={w / 2} y={63} textAnchor="middle">
                {prioText(t, node)}
              </text>
            </>
          ) : (
            <FitText className="ct-sub" x={w / 2} y={34} textAnchor="middle" max={w - 24}>
              {`${step} · ${prioText(t, node)}`}
            </FitText>
          )}
        </>
      );
    }
    case "decision": {
      const small = node.id === "out.reroute";
      const label = node.id === "rt_in" ? t.diagram.routingIn : t.diagram.routingOut;
      const lines = twoLines(label);
      return (
        <>
          <polygon className="decision-shape" points={diamond(w, h)} />
          {small ? (
            <text className="decision-text decision-text--small" x={w / 2} y={h / 2 + 5} textAnchor="middle">
              ↻
            </text>
          ) : lines ? (
            <text className="decision-text" x={w / 2} y={h / 2 - 2} textAnchor="middle">
              <tspan x={w / 2}>{lines[0]}</tspan>
              <tspan x={w / 2} dy={15}>
                {lines[1]}
              </tspan>
            </text>
          ) : (
            <text className="decision-text" x={w / 2} y={h / 2 + 5} textAnchor="middle">
              {label}
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
      // The interfaces are narrow pills at the row's ends: their two words go on two lines.
      const lines = w < 100 ? twoLines(label) : null;
      return (
        <>
          <rect className="terminal-shape" width={w} height={h} rx={Math.min(h / 2, 18)} />
          {lines ? (
            <text className="terminal-text" x={w / 2} y={h / 2 - 3} textAnchor="middle">
              <tspan x={w / 2}>{lines[0]}</tspan>
              <tspan x={w / 2} dy={16}>
                {lines[1]}
              </tspan>
            </text>
          ) : (
            <FitText className="terminal-text" max={w - 16} x={w / 2} y={h / 2 + 5} textAnchor="middle">
              {label}
            </FitText>
          )}
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
          ? `${node.priority ? `${t.diagram.priority(prioText(t, node))}, ` : ""}${t.diagram.rules(status.ruleCount)}, ${t.diagram.policy(status.policy ?? "")}, ${t.diagram.packets(status.packets)}`
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
        // Inside the tall cells, right of the priority number; beside the wide ones.
        <g
          className="count-badge"
          transform={cellForm(node) === "wide" ? `translate(${node.w + 33},${10})` : `translate(${node.w - 3},${24})`}
        >
          <rect x={-30} y={0} width={30} height={20} rx={10} />
          <text x={-15} y={15} textAnchor="middle">
            {status.packets}
          </text>
        </g>
      ) : null}
    </g>
  );
});
