import { useT } from "../i18n/use-t";
import { FitText } from "./FitText";
import { cellForm, type LayoutNode } from "./layout";
import "./native.css";

/**
 * A native nftables base chain's cell: `family table` on its strip, the priority, and the chain's name and type,
 * in the same two forms as the iptables cells of its hook (layout.ts `cellForm`): one fact per line in the tall
 * cells of the horizontal hooks, priority in the strip's corner in the wide cells of the vertical ones. Its own
 * colour: it is no iptables table. Family, table and chain names are the user's text, so they are condensed
 * (FitText) rather than cut when long.
 */
export function NativeCellShape({ node }: { node: LayoutNode }) {
  const t = useT();
  const c = node.native!;
  const { w, h } = node;
  const tall = cellForm(node) === "tall";
  return (
    <>
      <rect className="cell-body body--native" width={w} height={h} rx={4} />
      <path className="strip--native" d={`M0,4 a4,4 0 0 1 4,-4 h${w - 8} a4,4 0 0 1 4,4 v16 h${-w} z`} />
      <FitText className="strip-text strip-text--native" x={5} y={15} max={tall ? w - 10 : w - 50}>
        {`${c.family} ${c.table}`}
      </FitText>
      {tall ? (
        <>
          <text className="cell-prio" x={6} y={37}>
            {c.priority}
          </text>
          <FitText className="cell-sub cell-sub--native" x={6} y={53} max={w - 10}>
            {c.chain}
          </FitText>
          <text className="cell-sub" x={6} y={69}>
            {c.type}
          </text>
        </>
      ) : (
        <>
          <text className="strip-prio strip-text--native" x={w - 5} y={15} textAnchor="end">
            {c.priority}
          </text>
          <FitText className="cell-sub cell-sub--native" x={6} y={35} max={w - 10}>
            {t.nft.diagram.cell(c.chain, c.type)}
          </FitText>
        </>
      )}
      <rect className="cell-outline" width={w} height={h} rx={4} />
    </>
  );
}
