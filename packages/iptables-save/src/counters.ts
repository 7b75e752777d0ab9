import type { Counters } from "@nfx/model";

/** `[packets:bytes]`, or null when malformed. */
export function parseCounters(text: string): Counters | null {
  const colon = text.indexOf(":");
  if (text[0] !== "[" || text[text.length - 1] !== "]" || colon < 0) return null;
  const p = text.slice(1, colon);
  const by = text.slice(colon + 1, -1);
  if (!/^\d+$/.test(p) || !/^\d+$/.test(by)) return null;
  return { packets: Number(p), bytes: Number(by) };
}
