import type { SharedView } from "@nfx/scenario";
import { type Frame, firstFrameOfItem } from "../playback/frames";

/** Where the playback stands, as a link carries it. */
export type ViewPosition = NonNullable<SharedView["view"]>;

/**
 * The playback position as a link stores it: `packet` is the 0-based play item (a scenario packet or one of
 * the host's answers, in the order the packet list plays them) and `step` the 0-based frame within it.
 * Frame indices alone would do, but they shift when a translation or a new step kind changes the frame list;
 * item and offset survive that better.
 */
export function positionOf(frames: readonly Frame[], cursor: number): ViewPosition {
  const f = frames[cursor];
  if (!f) return { packet: 0, step: 0 };
  return { packet: f.item, step: cursor - firstFrameOfItem(frames, f.item) };
}

/** The frame a stored position points at, clamped to what exists (a link never moves the cursor out of range). */
export function cursorFor(frames: readonly Frame[], view: ViewPosition): number {
  if (frames.length === 0) return 0;
  const start = firstFrameOfItem(frames, view.packet);
  if (start < 0) return frames.length - 1;
  let end = start;
  while (end + 1 < frames.length && frames[end + 1]!.item === view.packet) end++;
  return Math.min(start + view.step, end);
}
