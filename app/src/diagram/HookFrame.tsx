import { memo } from "react";
import { useT } from "../i18n/use-t";
import type { HookBox } from "./layout";

const ARROW = { right: "→", up: "↑", down: "↓" };

/** A hook drawn as a container: caps label, flow arrow, and its explanation on hover or focus. */
export const HookFrame = memo(function HookFrame({
  box,
  onHelp,
}: {
  box: HookBox;
  onHelp: (text: string, target: Element | null) => void;
}) {
  const t = useT();
  const text = `${t.help.hook[box.hook]} ${t.help.order}`;
  return (
    <g className="hook" transform={`translate(${box.x},${box.y})`}>
      <rect className="hook-box" width={box.w} height={box.h} rx={8} />
      {/* biome-ignore lint/a11y/noInteractiveElementToNoninteractiveRole: focusable only so keyboard users get the explanation */}
      <g
        className="hook-title"
        tabIndex={0}
        role="note"
        aria-label={t.names.hook(box.hook)}
        onMouseEnter={(e) => onHelp(text, e.currentTarget)}
        onMouseLeave={() => onHelp(text, null)}
        onFocus={(e) => onHelp(text, e.currentTarget)}
        onBlur={() => onHelp(text, null)}
      >
        <rect className="hook-title-hit" x={4} y={2} width={box.w - 8} height={19} />
        {box.direction === "right" ? (
          <text x={8} y={17} className="hook-label">
            {box.hook} <tspan className="hook-arrow">{ARROW.right}</tspan>
          </text>
        ) : (
          // A vertical hook's edge runs through the middle of its title line: the name keeps left of it and the
          // arrow goes just right of it, so the edge crosses neither ("OUTPUT ↓" reaches past the middle).
          <text y={17} className="hook-label">
            <tspan x={8}>{box.hook}</tspan>
            <tspan className="hook-arrow" x={box.w / 2 + 8}>
              {ARROW[box.direction]}
            </tspan>
          </text>
        )}
      </g>
    </g>
  );
});
