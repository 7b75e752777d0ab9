import { type ReactNode, useEffect, useState } from "react";

/** A pause in typing before asking: one question per burst of keys, short enough to feel like typing. */
const DEBOUNCE_MS = 30;

/** What a search answers: the first hits and how many there are in all; null when it is for another revision. */
export interface Found<H> {
  readonly hits: readonly H[];
  readonly total: number;
}

/**
 * A search box whose hits come from the worker as you type: each burst of keys asks once, and an answer to an
 * older text is dropped when a newer one is on its way. Shared by the rule search and the chain finder.
 */
export function FindBox<H>({
  label,
  testId,
  hitsTestId,
  find,
  deps,
  summary,
  hitKey,
  renderHit,
  onPick,
}: {
  label: string;
  testId: string;
  hitsTestId: string;
  find: (text: string) => Promise<Found<H> | null>;
  /** What makes the box ask again (the revision). */
  deps: readonly unknown[];
  summary: (shown: number, total: number) => string;
  hitKey: (hit: H) => string;
  renderHit: (hit: H) => ReactNode;
  onPick: (hit: H) => void;
}) {
  const [q, setQ] = useState("");
  const [found, setFound] = useState<Found<H> | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `deps` stands for what `find` reads
  useEffect(() => {
    if (!q.trim()) {
      setFound(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      void find(q).then((a) => {
        if (live && a) setFound(a);
      });
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, ...deps]);
  return (
    <div className="rule-search">
      <input
        type="search"
        value={q}
        placeholder={label}
        aria-label={label}
        data-testid={testId}
        onChange={(e) => setQ(e.currentTarget.value)}
        // Inside the rule form, Enter would submit the rule: here it only searches.
        onKeyDown={(e) => {
          if (e.key === "Enter") e.preventDefault();
        }}
      />
      {found ? (
        <div className="search-hits" data-testid={hitsTestId}>
          <p className="muted">{summary(found.hits.length, found.total)}</p>
          <ul>
            {found.hits.map((h) => (
              <li key={hitKey(h)}>
                <button type="button" className="hit" onClick={() => onPick(h)}>
                  {renderHit(h)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
