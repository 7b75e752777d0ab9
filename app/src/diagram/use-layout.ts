import type { HookPlan } from "@nfx/engine";
import { useRef } from "react";
import { type DiagramLayout, LAYOUT, layoutDiagram } from "./layout";
import { nativeCells, nativeCellsKey } from "./native-cells";

/**
 * The diagram's layout for the engine's hook plan: the constant one without native chains, and a new one only
 * when the native cells change (not at every simulation), so pan, zoom and the animator keep their geometry.
 */
export function useLayout(plan: HookPlan | null): DiagramLayout {
  const last = useRef<{ key: string; layout: DiagramLayout }>({ key: "", layout: LAYOUT });
  const cells = nativeCells(plan);
  const key = nativeCellsKey(cells);
  if (key !== last.current.key) last.current = { key, layout: key === "" ? LAYOUT : layoutDiagram(cells) };
  return last.current.layout;
}
