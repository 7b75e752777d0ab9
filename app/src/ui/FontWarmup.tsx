import type { CSSProperties } from "react";

/**
 * Text in each size, weight and glyph that the panels first need once a ruleset is opened (the rules'
 * commands in monospace, their numbers, the Kubernetes services' names, a rule's buttons): at that size and
 * weight. A font lacking a glyph falls back to another, per size too. Digits and signs only: the text is in the
 * page in every language (the Chinese journeys look for English words in it).
 */
const SAMPLES: readonly { readonly className?: string; readonly style?: CSSProperties; readonly text: string }[] = [
  { className: "mono", text: "-0 “—”" },
  { style: { fontSize: 11 }, text: "0123456789" },
  { style: { fontSize: 12 }, text: "⤒⧉✕↑↓−–“”·" },
  { style: { fontSize: 12, fontWeight: 500 }, text: "−" },
  { style: { fontSize: 13 }, text: "·–" },
  { style: { fontSize: 13, fontWeight: 700 }, text: "0-1" },
  { style: { fontSize: 14, fontWeight: 500 }, text: "−" },
];

/**
 * Text the user never sees, shaped once when the app starts, in the fonts the panels are the first to need once
 * a ruleset is opened. Chromium on Linux resolves a system font for each size and weight, and the fallback font of
 * each glyph its font lacks, over a synchronous call to the browser process, inside the layout that first needs
 * it: on a busy machine those calls waited up to 150 ms, and made the layout after a node's ruleset arrived the
 * longest task of the load. Shaped here, the fonts are known before any file is opened.
 */
export function FontWarmup() {
  return (
    <div className="font-warmup" aria-hidden="true">
      {SAMPLES.map((s) => (
        <span key={`${s.className}${JSON.stringify(s.style)}${s.text}`} className={s.className} style={s.style}>
          {s.text}
        </span>
      ))}
    </div>
  );
}
