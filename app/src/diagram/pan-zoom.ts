import { select } from "d3-selection";
import { type D3ZoomEvent, type ZoomBehavior, zoom, zoomIdentity, zoomTransform } from "d3-zoom";

export interface PanZoomOptions {
  /** The diagram's own size, in its units. */
  readonly width: number;
  readonly height: number;
}

/**
 * Below this width the diagram fills the height and pans sideways: fitting its width would shrink text to 4 px.
 * styles.css moves the legend out of the drawing below the same width (LegendStrip).
 */
export const NARROW = 700;

export interface PanZoom {
  update(opts: PanZoomOptions): void;
  fit(): void;
  /**
   * Brings a box (a centre and half its size, in diagram units) into view when it is not, keeping the zoom:
   * the camera follows the packet's card.
   */
  follow(point: { x: number; y: number }, half: { x: number; y: number }): void;
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

  /** Where `follow` last aimed, so a narrow screen's fit starts at the packet, not at the left edge. */
  let focus: { x: number; y: number } | null = null;

  const fit = () => {
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    const narrow = box.width < NARROW && box.width / opts.width < box.height / opts.height;
    const k = narrow ? box.height / opts.height : Math.min(box.width / opts.width, box.height / opts.height);
    const y = (box.height - opts.height * k) / 2;
    // Narrow: the whole height, and sideways the part around the packet (or the start of the path).
    const x = narrow
      ? Math.min(0, Math.max(box.width - opts.width * k, box.width / 2 - (focus?.x ?? 0) * k))
      : (box.width - opts.width * k) / 2;
    sel.call(behavior.transform, zoomIdentity.translate(x, y).scale(k));
  };

  const follow = (p: { x: number; y: number }, half: { x: number; y: number }) => {
    focus = p;
    const box = svg.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return;
    const t = zoomTransform(svg);
    const [sx, sy] = t.apply([p.x, p.y]);
    // The whole card must be in view, not only its centre; at the default fit every card is, so the camera
    // only moves when zoomed in or on a narrow screen.
    const mx = Math.min(half.x * t.k, box.width / 2);
    const my = Math.min(half.y * t.k, box.height / 2);
    const inX = sx >= mx && sx <= box.width - mx;
    const inY = sy >= my && sy <= box.height - my;
    if (inX && inY) return;
    // Move only along the axis the point left by, and never past the diagram's edges when it is larger.
    const clamp = (v: number, view: number, size: number) =>
      size * t.k > view ? Math.min(0, Math.max(view - size * t.k, v)) : v;
    const x = inX ? t.x : clamp(box.width / 2 - p.x * t.k, box.width, opts.width);
    const y = inY ? t.y : clamp(box.height / 2 - p.y * t.k, box.height, opts.height);
    sel.call(behavior.transform, zoomIdentity.translate(x, y).scale(t.k));
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
    follow,
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
