import { useT } from "../i18n/use-t";
import { FitText } from "./FitText";
import type { LayoutNode } from "./layout";
import "./native.css";

/**
 * A native nftables base chain's cell: `family table` on its strip with the priority in the corner, as the
 * iptables cells show theirs, and the chain's name and type below. Its own colour: it is no iptables table.
 */
export function NativeCellShape({ node }: { node: LayoutNode }) {
  const t = useT();
  const c = node.native!;
  const { w, h } = node;
  return (
    <>
      <rect className="cell-body body--native" width={w} height={h} rx={4} />
      <path className="strip--native" d={`M0,4 a4,4 0 0 1 4,-4 h${w - 8} a4,4 0 0 1 4,4 v12 h${-w} z`} />
      <FitText className="strip-text strip-text--native" x={5} y={12} max={w - 34}>
        {`${c.family} ${c.table}`}
      </FitText>
      <text className="strip-prio strip-text--native" x={w - 5} y={12} textAnchor="end">
        {c.priority}
      </text>
      <FitText className="cell-sub cell-sub--native" x={6} y={33} max={w - 10}>
        {t.nft.diagram.cell(c.chain, c.type)}
      </FitText>
      <rect className="cell-outline" width={w} height={h} rx={4} />
    </>
  );
}
