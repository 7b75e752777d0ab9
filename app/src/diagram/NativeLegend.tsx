import { memo } from "react";
import { useT } from "../i18n/use-t";
import "./native.css";

/** The legend's line for native nftables base chains, drawn under the legend only when the host has some. */
export const NativeLegend = memo(function NativeLegend() {
  const t = useT();
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a plain <g> is not focusable; every cue is also in text
    <g className="legend" transform="translate(12,244)" aria-hidden="true">
      <rect className="strip--native" width={22} height={16} rx={3} />
      <text className="legend-text" x={30} y={12}>
        {t.nft.diagram.legend}
      </text>
    </g>
  );
});
