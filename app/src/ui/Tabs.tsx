import { type ReactNode, useId, useState } from "react";

interface Tab {
  readonly id: string;
  readonly label: string;
  readonly render: () => ReactNode;
}

/** Minimal accessible tabs: only the open panel is rendered. */
export function Tabs({ tabs, label }: { tabs: readonly Tab[]; label: string }) {
  const [open, setOpen] = useState(tabs[0]!.id);
  const base = useId();
  return (
    <div className="tabs">
      <div role="tablist" aria-label={label}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`${base}-${tab.id}`}
            aria-selected={open === tab.id}
            aria-controls={`${base}-${tab.id}-panel`}
            onClick={() => setOpen(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs
        .filter((tab) => tab.id === open)
        .map((tab) => (
          <div
            key={tab.id}
            role="tabpanel"
            id={`${base}-${tab.id}-panel`}
            aria-labelledby={`${base}-${tab.id}`}
            className="tab-panel"
          >
            {tab.render()}
          </div>
        ))}
    </div>
  );
}
