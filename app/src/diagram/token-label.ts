import { TCP_FLAG_NAMES } from "@nfx/model";
import type { Frame } from "../playback/frames";

const CT_SHORT: Record<string, string> = {
  NEW: "NEW",
  ESTABLISHED: "EST",
  RELATED: "REL",
  INVALID: "INV",
  UNTRACKED: "UNTR",
};

/**
 * "tcp 1.2.3.4:5 > 6.7.8.9:10" -> { proto: "TCP", route: "1.2.3.4:5→6.7.8.9:10" }. No spaces round the arrow:
 * at the diagram's 14-unit monospace a typical pair of addresses then fits the 310-unit card (layout.ts).
 */
export function splitHeader(header: string): { proto: string; route: string } {
  const space = header.indexOf(" ");
  if (space < 0) return { proto: header.toUpperCase(), route: "" };
  return { proto: header.slice(0, space).toUpperCase(), route: header.slice(space + 1).replace(" > ", "→") };
}

/** The token's text for one frame: `#3 TCP SYN`, the addresses, the ct pill and the interfaces. */
export function tokenText(tag: string, f: Frame): { line1: string; line2: string; ct: string; caption: string } {
  const { proto, route } = splitHeader(f.header);
  const flags = [...f.flags].map((c) => TCP_FLAG_NAMES[c] ?? c).join(" ");
  const caption = [f.inIface ? `IN=${f.inIface}` : "", f.outIface ? `OUT=${f.outIface}` : ""].filter(Boolean).join(" ");
  return {
    line1: `${tag} ${proto}${flags ? ` ${flags}` : ""}`,
    line2: route,
    ct: f.ct ? (CT_SHORT[f.ct] ?? f.ct) : "–",
    caption,
  };
}
