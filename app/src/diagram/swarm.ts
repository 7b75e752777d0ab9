import { selectFrames } from "../state/selectors";
import type { AppStore } from "../state/store";
import type { DiagramLayout, Point } from "./layout";

const COLOURS: readonly string[] = ["#009e73", "#d55e00", "#cc79a7", "#4477aa", "#1a1a1a"];

interface Swarm {
  destroy(): void;
}

declare global {
  interface Window {
    /** Frame intervals (ms) measured by the swarm, read by bench/app-frames.mjs. */
    __nfxFrameTimes?: number[];
  }
}

/**
 * Benchmark mode (`?bench=200`): many packets at once, drawn as 8 px dots (diagram.md D.1), each following
 * the path of one of the scenario's traces. The dots live on a canvas over the SVG that this object owns,
 * so moving them never repaints the diagram; it reads the pan/zoom transform once per frame.
 */
export function createSwarm(
  host: HTMLElement,
  viewport: SVGGElement,
  store: AppStore,
  layout: DiagramLayout,
  count: number,
): Swarm {
  const canvas = document.createElement("canvas");
  canvas.className = "swarm";
  host.appendChild(canvas);
  const ctx = canvas.getContext("2d")!;
  const size = () => {
    const dpr = window.devicePixelRatio || 1;
    canvas.width = host.clientWidth * dpr;
    canvas.height = host.clientHeight * dpr;
  };
  size();
  const resize = new ResizeObserver(size);
  resize.observe(host);
  const anchors = new Map(layout.nodes.map((n) => [n.id, n.token]));
  const times: number[] = [];
  window.__nfxFrameTimes = times;

  let paths: Point[][] = [];

  const rebuild = () => {
    const byItem = new Map<number, Point[]>();
    for (const f of selectFrames(store.getState())) {
      const list = byItem.get(f.item) ?? [];
      const p = anchors.get(f.node);
      if (p && (list.length === 0 || list[list.length - 1] !== p)) list.push(p);
      byItem.set(f.item, list);
    }
    paths = [...byItem.values()].filter((p) => p.length > 1);
  };
  rebuild();
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.view !== prev.view) rebuild();
  });

  const HOP = 350;
  let last = 0;
  let raf = 0;
  const tick = (now: number) => {
    if (last) times.push(now - last);
    last = now;
    const dpr = window.devicePixelRatio || 1;
    const m = viewport.transform.baseVal.consolidate()?.matrix;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (m) ctx.transform(m.a, m.b, m.c, m.d, m.e, m.f);
    if (paths.length) {
      for (let i = 0; i < count; i++) {
        const path = paths[i % paths.length]!;
        // Each dot runs its path at its own phase, so they spread out instead of moving in lockstep.
        const t = ((now + i * 137) / HOP) % (path.length - 1);
        const k = Math.floor(t);
        const a = path[k]!;
        const b = path[k + 1]!;
        const u = t - k;
        const jitter = ((i * 7) % 11) - 5;
        ctx.fillStyle = COLOURS[i % COLOURS.length]!;
        ctx.beginPath();
        ctx.arc(a.x + (b.x - a.x) * u + jitter, a.y + (b.y - a.y) * u + jitter, 4, 0, Math.PI * 2);
        ctx.fill();
      }
    }
    raf = requestAnimationFrame(tick);
  };
  raf = requestAnimationFrame(tick);

  return {
    destroy() {
      cancelAnimationFrame(raf);
      unsubscribe();
      resize.disconnect();
      canvas.remove();
    },
  };
}
