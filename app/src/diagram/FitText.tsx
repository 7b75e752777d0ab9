import { isValidElement, type ReactNode, type SVGProps, useContext, useLayoutEffect, useRef } from "react";
import { createFitBatch, FitBatchContext } from "./fit-batch";

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

/**
 * SVG text that never runs out of its cell: longer than `max` (a translation, a large rule count), it is
 * condensed to `max` with `textLength`. Measured (after the next frame, with the diagram's other labels: fit-batch.ts) when its text or
 * width changes, not at every render: a measure forces the page's layout, and the diagram re-renders on every
 * selection and step (with a node's rules listed beside it, that layout made a 50 ms task of picking a chain).
 */
export function FitText({
  max,
  children,
  ...props
}: SVGProps<SVGTextElement> & { readonly max: number; readonly children: ReactNode }) {
  const ref = useRef<SVGTextElement>(null);
  const batch = useContext(FitBatchContext);
  // The text as one string (a fresh object, measured at every render, when it holds something else).
  const text = textOf(children) ?? {};
  // biome-ignore lint/correctness/useExhaustiveDependencies: `text` and `max` are what the measure depends on
  useLayoutEffect(() => {
    if (ref.current) (batch ?? createFitBatch()).fit(ref.current, max);
  }, [text, max]);
  return (
    <text ref={ref} {...props}>
      {children}
    </text>
  );
}
