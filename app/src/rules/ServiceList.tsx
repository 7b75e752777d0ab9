import { type ReactNode, startTransition, useEffect, useState } from "react";
import { useT } from "../i18n/use-t";

/** Services shown at once; the others are a page away (a node has 44,000). */
export const SERVICES_PER_PAGE = 20;

/** A list of more services than this shows each as a line that opens on its endpoints; fewer are shown open. */
const OPEN_UP_TO = 3;

/** How the list shows one service: a line naming it, and its endpoints below. */
export interface ServiceItem {
  readonly key: string;
  /** For tests and styles: the service's name. */
  readonly name: string;
  readonly summary: ReactNode;
  readonly body: ReactNode;
}

/** One page of services as the worker answers it; null when the answer is for another revision. */
export interface ServicesPage<S> {
  readonly services: readonly S[];
  readonly total: number;
  readonly offset: number;
}

/**
 * kube-proxy's services, either mode, a page at a time with a search by name, cluster IP or node port: the worker
 * keeps the list and answers one page per question, so the page never holds a node's 44,000 services. Renders
 * nothing for a ruleset without services (a search keeps the box).
 */
export function ServiceList<S>({
  title,
  testId,
  itemTestId,
  fetchPage,
  deps,
  render,
}: {
  title: string;
  testId: string;
  itemTestId: string;
  /** Asks the worker for a page; resolves null for a stale answer. */
  fetchPage: (text: string, offset: number, limit: number) => Promise<ServicesPage<S> | null>;
  /** What makes the list ask again (the revision). */
  deps: readonly unknown[];
  render: (service: S) => ServiceItem;
}) {
  const t = useT();
  const [q, setQ] = useState("");
  const [offset, setOffset] = useState(0);
  const [found, setFound] = useState<ServicesPage<S> | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `deps` stands for what `fetchPage` reads
  useEffect(() => {
    let live = true;
    // Typing waits for a pause; turning a page does not.
    const timer = setTimeout(
      () => {
        void fetchPage(q, offset, SERVICES_PER_PAGE).then((a) => {
          // A page of services with their endpoint tables is a few thousand elements: rendered as a transition,
          // React yields between them, so a new ruleset's list never makes one long task with the rest.
          if (live && a) startTransition(() => setFound(a));
        });
      },
      q ? 40 : 0,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q, offset, ...deps]);
  if (!found || (found.total === 0 && q === "")) return null;
  const { total, services } = found;
  const from = found.offset;
  return (
    <section className="kube-card kube-services" data-testid={testId} aria-label={title}>
      <h4>{title}</h4>
      <input
        type="search"
        value={q}
        placeholder={t.rules.kube.search}
        aria-label={t.rules.kube.search}
        onChange={(e) => {
          setQ(e.currentTarget.value);
          setOffset(0);
        }}
      />
      <div className="service-pager">
        <button type="button" disabled={from === 0} onClick={() => setOffset(Math.max(0, from - SERVICES_PER_PAGE))}>
          {t.rules.kube.previous}
        </button>
        <span className="muted" role="status">
          {t.rules.kube.count(from + 1, from + services.length, total)}
        </span>
        <button
          type="button"
          disabled={from + services.length >= total}
          onClick={() => setOffset(from + SERVICES_PER_PAGE)}
        >
          {t.rules.kube.next}
        </button>
      </div>
      {services.map((svc) => {
        const item = render(svc);
        return (
          <details
            key={item.key}
            className="kube-service"
            data-testid={itemTestId}
            data-service={item.name}
            open={total <= OPEN_UP_TO}
          >
            <summary>{item.summary}</summary>
            {item.body}
          </details>
        );
      })}
    </section>
  );
}
