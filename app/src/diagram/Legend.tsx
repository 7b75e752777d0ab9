import { TABLES } from "@nfx/model";
import { memo } from "react";
import { useT } from "../i18n/use-t";
import { TABLE_LETTER } from "./nodes";

/** Where the second column (conntrack, decision, not declared) starts, right of "mangle · marks, TOS, TTL". */
const COL2 = 236;

/**
 * Colour is never the only cue: each swatch has the table's letter and name. Drawn in the diagram's top-left corner,
 * it pans and zooms with it; a narrow diagram, which the camera pans, shows LegendStrip above it instead.
 */
export const Legend = memo(function Legend() {
  const t = useT();
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a plain <g> is not focusable; every cue is also in text
    <g className="legend" transform="translate(10,22)" aria-hidden="true">
      <text className="legend-title" x={0} y={0}>
        {t.diagram.legend}
      </text>
      {TABLES.map((table, i) => (
        <g key={table} transform={`translate(0,${12 + i * 24})`}>
          <rect className={`strip--${table}`} width={22} height={19} rx={3} />
          <text className={`strip-text strip-text--${table}`} x={11} y={15} textAnchor="middle">
            {TABLE_LETTER[table]}
          </text>
          <text className="legend-text" x={30} y={15}>
            {table} · {t.diagram.legendTables[table]}
          </text>
        </g>
      ))}
      {/* The node kinds in a second column: the legend stays short, clear of the INPUT column's tokens. */}
      <g transform={`translate(${COL2},12)`}>
        <polygon className="ct-shape" points="6,0 16,0 22,8 16,16 6,16 0,8" />
        <text className="legend-text" x={30} y={14}>
          {t.diagram.legendConntrack}
        </text>
      </g>
      <g transform={`translate(${COL2},36)`}>
        <polygon className="decision-shape" points="11,0 22,8 11,16 0,8" />
        <text className="legend-text" x={30} y={14}>
          {t.diagram.legendDecision}
        </text>
      </g>
      <g transform={`translate(${COL2},60)`}>
        <rect className="cell-ghost" width={22} height={16} rx={3} />
        <text className="legend-text" x={30} y={14}>
          {t.diagram.legendGhost}
        </text>
      </g>
      <text className="legend-caption" x={0} y={12 + 5 * 24 + 16}>
        {t.diagram.modeCaption}
      </text>
    </g>
  );
});
