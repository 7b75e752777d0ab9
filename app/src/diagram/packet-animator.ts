import { stringsFor } from "../i18n";
import { verdictLabel } from "../playback/frame-text";
import type { Frame } from "../playback/frames";
import { selectFrames, selectItems } from "../state/selectors";
import type { AppState, AppStore } from "../state/store";
import { type DiagramLayout, type LayoutNode, type Point, TOKEN_H, TOKEN_W } from "./layout";
import type { NodeId } from "./nodes";
import { splitHeader, tokenText } from "./token-label";

const SVG = "http://www.w3.org/2000/svg";
const HOP_MS = 350;
const DWELL_MS = 250;
const RULE_MS = 120;
const VERDICT_MS = 600;

const GLYPH: Record<string, string> = { accept: "✓", drop: "✕", reject: "↩", nat: "⇄", jump: "↳", done: "→" };

interface PacketAnimator {
  destroy(): void;
}

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, parent: Element) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  parent.appendChild(node);
  return node;
}

/**
 * Plays a finished trace back on one SVG layer that it alone owns. It reads the store (cursor, frames,
 * speed, motion settings) and writes the DOM in requestAnimationFrame; React never re-renders per frame.
 * The store changes only once per step, when the animator calls `advance()` after a step's dwell time.
 */
export function createPacketAnimator(layer: SVGGElement, store: AppStore, layout: DiagramLayout): PacketAnimator {
  const nodes = new Map<NodeId, LayoutNode>(layout.nodes.map((n) => [n.id, n]));

  // ---- the DOM this animator owns --------------------------------------------------------------------
  const badge = el("g", { class: "verdict-badge", visibility: "hidden" }, layer);
  const badgeRect = el("rect", { rx: 5, height: 24 }, badge);
  const badgeText = el("text", { x: 8, y: 17 }, badge);

  const token = el("g", { class: "token", visibility: "hidden", "data-testid": "packet-token", role: "img" }, layer);
  const natOld = el("text", { class: "token-nat-old", x: 0, y: TOKEN_H / 2 + 31, "text-anchor": "middle" }, token);
  const card = el(
    "rect",
    { class: "token-card", x: -TOKEN_W / 2, y: -TOKEN_H / 2, width: TOKEN_W, height: TOKEN_H, rx: 7 },
    token,
  );
  const line1 = el("text", { class: "token-l1", x: -TOKEN_W / 2 + 10, y: -4 }, token);
  const line2 = el("text", { class: "token-l2", x: -TOKEN_W / 2 + 10, y: 15 }, token);
  const pill = el("g", { class: "token-ct" }, token);
  const pillRect = el("rect", { x: TOKEN_W / 2 - 54, y: -TOKEN_H / 2 + 3, width: 48, height: 19, rx: 9.5 }, pill);
  const pillText = el("text", { x: TOKEN_W / 2 - 30, y: -TOKEN_H / 2 + 17, "text-anchor": "middle" }, pill);
  const caption = el("text", { class: "token-caption", x: 0, y: TOKEN_H / 2 + 15, "text-anchor": "middle" }, token);

  // ---- animation state (never in the store) ------------------------------------------------------------
  let pos: Point | null = null;
  let tween: { from: Point; to: Point; t0: number; dur: number } | null = null;
  let dwellUntil = 0;
  let shownFrame: Frame | null = null;
  let raf = 0;
  let cardW = TOKEN_W;

  const anchor = (id: NodeId): Point => nodes.get(id)?.token ?? { x: 0, y: 0 };

  const setRest = (rest: boolean) => layer.setAttribute("data-anim", rest ? "rest" : "moving");

  const render = (state: AppState, f: Frame | null) => {
    if (!f) {
      token.setAttribute("visibility", "hidden");
      badge.setAttribute("visibility", "hidden");
      return;
    }
    const item = selectItems(state)[f.item];
    const tag = item?.tag ?? "#?";
    const txt = tokenText(tag, f);
    line1.textContent = txt.line1;
    line2.textContent = txt.line2;
    pillText.textContent = txt.ct;
    caption.textContent = txt.caption;
    fitCard();
    token.setAttribute("visibility", "visible");
    token.setAttribute("aria-label", `${txt.line1} ${txt.line2}`);
    token.setAttribute("data-node", f.node);
    token.setAttribute("data-header", f.header);
    const dropped = f.verdict?.tone === "drop" && f.last;
    token.classList.toggle("token--dropped", dropped);
    token.classList.toggle("token--kernel", item?.start === "gen");
    // NAT: the old value stays visible, struck through, while the new one shows (diagram.md D.2).
    if (f.nat) {
      natOld.textContent = `${splitHeader(f.nat.from).route}  ⇄ ${f.nat.manip}`;
      natOld.setAttribute("visibility", "visible");
    } else natOld.setAttribute("visibility", "hidden");

    if (f.verdict) {
      const node = nodes.get(f.node);
      const glyph = GLYPH[f.verdict.tone] ?? "";
      badgeText.textContent = `${glyph} ${verdictLabel(stringsFor(state.lang), f.say)}`;
      badge.setAttribute("class", `verdict-badge verdict-badge--${f.verdict.tone}`);
      badge.setAttribute("data-testid", "verdict-badge");
      const width = 16 + badgeText.getComputedTextLength();
      badgeRect.setAttribute("width", String(width));
      // The badge rides with the token card (beside the node, never over one), so it cannot cover a neighbouring
      // cell: beside the card under the horizontal hooks (on the side with room), above it beside the vertical ones.
      const below = node ? node.token.y > node.y + node.h : false;
      let bx = node ? node.token.x - width / 2 : 0;
      let by = node ? node.token.y - TOKEN_H / 2 - 28 : 0;
      if (node && below) {
        const rightX = node.token.x + cardW / 2 + 8;
        bx = rightX + width <= layout.width ? rightX : node.token.x - cardW / 2 - 8 - width;
        by = node.token.y - 12;
      }
      badge.setAttribute("transform", `translate(${bx},${by})`);
      badge.setAttribute("visibility", "visible");
    } else badge.setAttribute("visibility", "hidden");
  };

  /** Sizes the card to its text: measured once per step, never per animation frame. */
  const fitCard = () => {
    const w = Math.max(line1.getComputedTextLength() + 74, line2.getComputedTextLength() + 20, 140);
    cardW = w;
    card.setAttribute("x", String(-w / 2));
    card.setAttribute("width", String(w));
    line1.setAttribute("x", String(-w / 2 + 10));
    line2.setAttribute("x", String(-w / 2 + 10));
    pillRect.setAttribute("x", String(w / 2 - 54));
    pillText.setAttribute("x", String(w / 2 - 30));
  };

  const place = (p: Point) => token.setAttribute("transform", `translate(${p.x},${p.y})`);

  const dwellFor = (f: Frame, speed: number): number => {
    let ms = DWELL_MS;
    if (f.rule) ms += Math.min(6, f.rule.rule === "policy" ? 1 : f.rule.rule - f.rule.missedFrom + 1) * RULE_MS;
    if (f.verdict && f.verdict.tone !== "done") ms += VERDICT_MS / 2;
    if (f.last) ms += VERDICT_MS;
    return ms / speed;
  };

  const tick = (now: number) => {
    raf = 0;
    const state = store.getState();
    if (tween) {
      const p = Math.min(1, (now - tween.t0) / tween.dur);
      const e = p < 0.5 ? 2 * p * p : 1 - (-2 * p + 2) ** 2 / 2;
      pos = { x: tween.from.x + (tween.to.x - tween.from.x) * e, y: tween.from.y + (tween.to.y - tween.from.y) * e };
      place(pos);
      if (p >= 1) {
        tween = null;
        if (shownFrame) dwellUntil = now + dwellFor(shownFrame, state.speed);
      }
    }
    if (!tween && state.playing && shownFrame) {
      if (now >= dwellUntil) {
        state.advance();
        return; // the store change schedules the next tick
      }
    }
    setRest(!tween && !state.playing);
    if (tween || state.playing) raf = requestAnimationFrame(tick);
  };

  const schedule = () => {
    if (!raf) raf = requestAnimationFrame(tick);
  };

  const sync = (state: AppState, prev: AppState | null) => {
    const frames = selectFrames(state);
    const f = frames[state.cursor] ?? null;
    const moved = f !== shownFrame;
    if (moved) {
      const prevFrame = shownFrame;
      shownFrame = f;
      render(state, f);
      if (!f) {
        pos = null;
        tween = null;
      } else {
        const to = anchor(f.node);
        const adjacent = prevFrame !== null && prevFrame.item === f.item && Math.abs(prevFrame.index - f.index) === 1;
        const smooth = state.animate && !state.reducedMotion && adjacent && pos !== null && f.index > prevFrame!.index;
        if (smooth && (pos!.x !== to.x || pos!.y !== to.y)) {
          tween = { from: pos!, to, t0: performance.now(), dur: HOP_MS / state.speed };
          setRest(false);
        } else {
          tween = null;
          pos = to;
          place(to);
          dwellUntil = performance.now() + dwellFor(f, state.speed);
        }
      }
    }
    if (prev && prev.playing !== state.playing && state.playing && f)
      dwellUntil = performance.now() + dwellFor(f, state.speed);
    setRest(!tween && !state.playing);
    if (tween || state.playing) schedule();
  };

  sync(store.getState(), null);
  const unsubscribe = store.subscribe((s, prev) => {
    if (
      s.cursor !== prev.cursor ||
      s.view !== prev.view ||
      s.playing !== prev.playing ||
      s.animate !== prev.animate ||
      s.speed !== prev.speed
    )
      sync(s, prev);
    // A language switch re-words the badge of the same frame; nothing moves.
    else if (s.lang !== prev.lang) render(s, shownFrame);
  });

  return {
    destroy() {
      unsubscribe();
      if (raf) cancelAnimationFrame(raf);
      layer.replaceChildren();
    },
  };
}
