import type { PortRange } from "@nfx/model";

/** `80` or `1000:2000`, as the rule form takes a port or a range. */
export function parsePortRange(text: string): PortRange | string {
  const m = /^(\d{1,5})(?::(\d{1,5}))?$/.exec(text.trim());
  if (!m) return "a port (0-65535) or a range like 1000:2000";
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  if (from > 65535 || to > 65535) return "ports go up to 65535";
  if (to < from) return "the range must not run backwards";
  return { from, to };
}
