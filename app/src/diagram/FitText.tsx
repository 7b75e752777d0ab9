import { type ReactNode, type SVGProps, useLayoutEffect, useRef } from "react";

/**
 * SVG text that never runs out of its cell: longer than `max` (a translation, a large rule count), it is
 * condensed to `max` with `textLength`. Measured after each render of new content, not per frame.
 */
export function FitText({
  max,
  children,
  ...props
}: SVGProps<SVGTextElement> & { readonly max: number; readonly children: ReactNode }) {
  const ref = useRef<SVGTextElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.removeAttribute("textLength");
    el.removeAttribute("lengthAdjust");
    if (el.getComputedTextLength() > max) {
      el.setAttribute("textLength", String(max));
      el.setAttribute("lengthAdjust", "spacingAndGlyphs");
    }
  });
  return (
    <text ref={ref} {...props}>
      {children}
    </text>
  );
}
