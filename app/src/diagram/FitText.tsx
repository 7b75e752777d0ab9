import { type ReactNode, type SVGProps, useLayoutEffect, useRef } from "react";

/**
 * SVG text that never runs out of its cell: longer than `max` (a translation, a large rule count), it is
 * condensed to `max` with `textLength`. Measured when its text or width changes, not at every render: a
 * measure forces the page's layout, and the diagram re-renders on every selection and step (with a node's
 * rules listed beside it, that layout made a 50 ms task of picking a chain).
 */
export function FitText({
  max,
  children,
  ...props
}: SVGProps<SVGTextElement> & { readonly max: number; readonly children: ReactNode }) {
  const ref = useRef<SVGTextElement>(null);
  // Text made of strings and numbers is compared as one string; anything else is measured at every render.
  const parts = Array.isArray(children) ? children : [children];
  const plain = parts.every((p) => typeof p === "string" || typeof p === "number");
  const text = plain ? parts.join("") : {};
  // biome-ignore lint/correctness/useExhaustiveDependencies: `text` and `max` are what the measure depends on
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.removeAttribute("textLength");
    el.removeAttribute("lengthAdjust");
    if (el.getComputedTextLength() > max) {
      el.setAttribute("textLength", String(max));
      el.setAttribute("lengthAdjust", "spacingAndGlyphs");
    }
  }, [text, max]);
  return (
    <text ref={ref} {...props}>
      {children}
    </text>
  );
}
