import { memo } from "react";
import { useT } from "../i18n/use-t";
import type { LayoutEdge } from "./layout";
import type { NodeId } from "./nodes";

function d(points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i ? "L" : "M"}${p.x},${p.y}`).join(" ");
}

/** The fixed edges; the current packet's path is drawn bold, the rest faded. */
export const Edges = memo(function Edges({
  edges,
  path,
}: {
  edges: readonly LayoutEdge[];
  path: ReadonlySet<NodeId> | null;
}) {
  const t = useT();
  const labels = { local: t.diagram.edgeLocal, forward: t.diagram.edgeForward, loopback: t.diagram.edgeLoopback };
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a plain <g> is not focusable; the edges are decoration
    <g className="edges" aria-hidden="true">
      {edges.map((e) => {
        const on = path ? path.has(e.from) && path.has(e.to) : null;
        const cls = [
          "edge",
          e.dashed ? "edge--dashed" : "",
          on === true ? "edge--on" : on === false ? "edge--off" : "",
        ].join(" ");
        const a = e.points[0]!;
        const b = e.points[e.points.length - 1]!;
        return (
          <g key={e.id}>
            <path className={cls} d={d(e.points)} markerEnd="url(#arrow)" />
            {e.label === "loopback" ? (
              <text className="edge-label" x={(a.x + b.x) / 2} y={e.points[1]!.y + 17} textAnchor="middle">
                {labels.loopback}
              </text>
            ) : e.label ? (
              <text
                className="edge-label"
                // "forward" sits under the diamond's right half: the edge to FORWARD is too short to hold it.
                x={e.label === "local" ? a.x + 8 : a.x - 26}
                y={e.label === "local" ? (a.y + b.y) / 2 + 5 : a.y + 41}
                textAnchor={e.label === "local" ? "start" : "middle"}
              >
                {labels[e.label]}
              </text>
            ) : null}
          </g>
        );
      })}
    </g>
  );
});
