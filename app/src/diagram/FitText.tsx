import { isValidElement, type ReactNode, type SVGProps, useLayoutEffect, useRef } from "react";
import { afterNextFrame } from "../ui/after-next-frame";

/** The characters a label shows: strings, numbers, and the same inside its elements (a `<tspan>`); null otherwise. */
function textOf(node: ReactNode): string | null {
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (node === null || node === undefined || typeof node === "boolean") return "";
  if (Array.isArray(node)) {
    let out = "";
    for (const n of node) {
      const t = textOf(n);
      if (t === null) return null;
      out += t;
    }
    return out;
  }
  if (isValidElement<{ children?: ReactNode; className?: string }>(node))
    return textOf(node.props.children) === null
      ? null
      : `<${node.props.className ?? ""}>${textOf(node.props.children)}`;
  return null;
}

/** Labels whose text or width changed, measured together once the next frame is drawn (`fitSoon`). */
const toFit = new Map<SVGTextElement, number>();
let frameAsked = false;

/**
 * Measures every changed label in one go, after the next frame is drawn (ui/after-next-frame.ts): all attributes
 * are cleared first, then all labels read (one layout for all of them), then the long ones condensed. Measured in
 * the commit instead, each label forced a layout of its own, and a new view (a node's rules arriving beside the
 * diagram) made the message that brought it a long task of layouts. A changed label that is too long shows
 * uncondensed for that one frame.
 */
function fitAll() {
  frameAsked = false;
  const labels = [...toFit];
  toFit.clear();
  for (const [el] of labels) {
    el.removeAttribute("textLength");
    el.removeAttribute("lengthAdjust");
  }
  const long = labels.filter(([el, max]) => el.isConnected && el.getComputedTextLength() > max);
  for (const [el, max] of long) {
    el.setAttribute("textLength", String(max));
    el.setAttribute("lengthAdjust", "spacingAndGlyphs");
  }
}

function fitSoon(el: SVGTextElement, max: number) {
  toFit.set(el, max);
  if (frameAsked) return;
  frameAsked = true;
  afterNextFrame(fitAll);
}

/**
 * SVG text that never runs out of its cell: longer than `max` (a translation, a large rule count), it is
 * condensed to `max` with `textLength`. Measured (after the next frame, with the other labels) when its text or
 * width changes, not at every render: a measure forces the page's layout, and the diagram re-renders on every
 * selection and step (with a node's rules listed beside it, that layout made a 50 ms task of picking a chain).
 */
export function FitText({
  max,
  children,
  ...props
}: SVGProps<SVGTextElement> & { readonly max: number; readonly children: ReactNode }) {
  const ref = useRef<SVGTextElement>(null);
  // The text as one string (a fresh object, measured at every render, when it holds something else).
  const text = textOf(children) ?? {};
  // biome-ignore lint/correctness/useExhaustiveDependencies: `text` and `max` are what the measure depends on
  useLayoutEffect(() => {
    if (ref.current) fitSoon(ref.current, max);
  }, [text, max]);
  return (
    <text ref={ref} {...props}>
      {children}
    </text>
  );
}
