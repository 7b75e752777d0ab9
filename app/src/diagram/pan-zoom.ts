import { select } from "d3-selection";
import { type D3ZoomEvent, type ZoomBehavior, zoom, zoomIdentity } from "d3-zoom";

export interface PanZoomOptions {
  /** The diagram's own size, in its units. */
  readonly width: number;
  readonly height: number;
}

export interface PanZoom {
  update(opts: PanZoomOptions): void;
  fit(): void;
  zoomBy(factor: number): void;
  destroy(): void;
}

/**
 * d3-zoom wrapped as a plain object (after xyflow's XYPanZoom): created in one effect, destroyed in its
 * cleanup. D3 owns exactly one thing here, the `transform` attribute of the viewport group; React renders
 * that group's children and never sets its transform.
 */
export function createPanZoom(svg: SVGSVGElement, viewport: SVGGElement, initial: PanZoomOptions): PanZoom {
  let opts = initial;
  const sel = select<SVGSVGElement, unknown>(svg);
  const behavior: ZoomBehavior<SVGSVGElement, unknown> = zoom<SVGSVGElement, unknown>()
    .scaleExtent([0.3, 4])
    // Double-click is for nodes, not zooming.
    .filter((event: Event) => (event.type !== "dblclick" && !(event as MouseEvent).button) || event.type === "wheel")
    .on("zoom", (event: D3ZoomEvent<SVGSVGElement, unknown>) => {
      viewport.setAttribute("transform", event.transform.toString());
    });
  sel.call(behavior).on("dblclick.zoom", null);

  const fit = () => {
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    const k = Math.min(box.width / opts.width, box.height / opts.height);
    const x = (box.width - opts.width * k) / 2;
    const y = (box.height - opts.height * k) / 2;
    sel.call(behavior.transform, zoomIdentity.translate(x, y).scale(k));
  };

  // Keep the whole diagram in view when the window changes size, unless the user has zoomed.
  let userMoved = false;
  behavior.on("start", (event: D3ZoomEvent<SVGSVGElement, unknown>) => {
    if (event.sourceEvent) userMoved = true;
  });
  const resize = new ResizeObserver(() => {
    if (!userMoved) fit();
  });
  resize.observe(svg);
  fit();

  return {
    update(next) {
      opts = next;
      if (!userMoved) fit();
    },
    fit() {
      userMoved = false;
      fit();
    },
    zoomBy(factor) {
      userMoved = true;
      sel.call(behavior.scaleBy, factor);
    },
    destroy() {
      resize.disconnect();
      sel.on(".zoom", null);
    },
  };
}
