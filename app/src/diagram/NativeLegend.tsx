import { memo } from "react";
import { useT } from "../i18n/use-t";
import "./native.css";

/** The legend's line for native nftables base chains, under the legend's caption (the first column: the second is
 * too close to the INPUT column for its long text), drawn only when the host has some. */
export const NativeLegend = memo(function NativeLegend() {
  const t = useT();
  return (
    // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a plain <g> is not focusable; every cue is also in text
    <g className="legend" transform="translate(10,184)" aria-hidden="true">
      <rect className="strip--native" width={22} height={19} rx={3} />
      <text className="legend-text" x={30} y={15}>
        {t.nft.diagram.legend}
      </text>
    </g>
  );
});
