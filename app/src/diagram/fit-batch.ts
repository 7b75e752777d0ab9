import { createContext } from "react";
import { afterNextFrame } from "./after-next-frame";

/** Labels to fit (FitText.tsx), measured together once the next frame is drawn. */
export interface FitBatch {
  /** Fits `el` into `max` pixels with the other labels asked for before the next frame. */
  fit(el: SVGTextElement, max: number): void;
}

/**
 * A batch per diagram: every changed label is measured in one go, after the next frame is drawn
 * (after-next-frame.ts). All attributes are cleared first, then all labels read (one layout for all of them),
 * then the long ones condensed. Measured in the commit instead, each label forced a layout of its own, and a new
 * view (a node's rules arriving beside the diagram) made the message that brought it a long task of layouts.
 * A changed label that is too long shows uncondensed for that one frame.
 */
export function createFitBatch(): FitBatch {
  const toFit = new Map<SVGTextElement, number>();
  let asked = false;
  const fitAll = () => {
    asked = false;
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
  };
  return {
    fit(el, max) {
      toFit.set(el, max);
      if (asked) return;
      asked = true;
      afterNextFrame(fitAll);
    },
  };
}

/** The diagram's batch; a label outside any diagram is fitted in a batch of its own. */
export const FitBatchContext = createContext<FitBatch | null>(null);
