import { TABLES } from "@nfx/model";
import { memo, type ReactNode } from "react";
import { useT } from "../i18n/use-t";
import { TABLE_LETTER } from "./nodes";

/**
 * The legend for a narrow diagram (a phone), in the page above the drawing: there the camera pans to follow the
 * packet, and a legend drawn in the diagram's corner went off the screen's left edge with it. Shown and hidden by
 * the stylesheet (a container query on the diagram's width), so it never waits for a measure.
 */
export const LegendStrip = memo(function LegendStrip({ native }: { native: boolean }) {
  const t = useT();
  return (
    <ul className="legend-strip" aria-hidden="true">
      {TABLES.map((table) => (
        <li key={table}>
          <span className={`table-chip strip--${table}`}>
            <b>{TABLE_LETTER[table]}</b> {table}
          </span>
        </li>
      ))}
      <ShapeItem label={t.diagram.legendConntrack}>
        <polygon className="ct-shape" points="6,0 16,0 22,8 16,16 6,16 0,8" />
      </ShapeItem>
      <ShapeItem label={t.diagram.legendDecision}>
        <polygon className="decision-shape" points="11,1 21,8 11,15 1,8" />
      </ShapeItem>
      <ShapeItem label={t.diagram.legendGhost}>
        <rect className="cell-ghost" x={1} y={1} width={20} height={14} rx={3} />
      </ShapeItem>
      {native ? (
        <li>
          <span className="legend-strip-swatch strip--native" />
          {t.nft.diagram.legend}
        </li>
      ) : null}
    </ul>
  );
});

/** One of the diagram's shapes, drawn small, beside what it stands for. */
function ShapeItem({ label, children }: { label: string; children: ReactNode }) {
  return (
    <li>
      <svg className="legend-strip-shape" viewBox="0 0 22 16" aria-hidden="true">
        {children}
      </svg>
      {label}
    </li>
  );
}
