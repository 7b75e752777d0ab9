import type { TableName } from "@nfx/model";
import type { KubeService, KubeServiceEntry } from "@nfx/ruleset-edit";
import { useT } from "../i18n/use-t";
import { useApp } from "../state/context";
import { useRules } from "./context";
import { IptablesEndpoints } from "./KubeCard";
import { ServiceList } from "./ServiceList";

type Service = KubeServiceEntry & KubeService;

/**
 * kube-proxy's iptables-mode services (nat KUBE-SERVICES and KUBE-NODEPORTS), a page at a time from the worker,
 * each with its endpoints and pins and a way to its KUBE-SVC chain's rules. Renders nothing without kube-proxy.
 */
export function KubeServices({ onOpen }: { onOpen: (table: TableName, chain: string) => void }) {
  const t = useT();
  const c = useRules();
  const revision = useApp((s) => s.viewRevision);
  return (
    <ServiceList<Service>
      title={t.rules.kube.title}
      testId="kube-services"
      deps={[c, revision]}
      fetchPage={async (text, offset, limit) => {
        const a = await c.engine.query({ kind: "kube-services", revision, text, offset, limit });
        return a.kind === "kube-services" ? a : null;
      }}
      itemTestId="kube-service"
      render={(svc) => ({
        key: svc.chain,
        name: svc.name ?? svc.chain,
        summary: <KubeServiceLine svc={svc} onOpen={onOpen} />,
        body: <KubeServiceEndpoints svc={svc} />,
      })}
    />
  );
}

function KubeServiceLine({ svc, onOpen }: { svc: Service; onOpen: (table: TableName, chain: string) => void }) {
  const t = useT();
  return (
    <>
      <strong>{svc.name ?? svc.chain}</strong>
      {svc.clusterIp ? <span className="muted"> · {svc.clusterIp}</span> : null}
      {svc.nodePort ? <span className="muted"> · {`${t.rules.kube.nodePort} ${svc.nodePort}`}</span> : null}
      <span className="muted"> · {t.rules.kube.endpoints(svc.endpoints.length)}</span>{" "}
      <button
        type="button"
        title={t.rules.kube.openHint(svc.chain)}
        onClick={(e) => {
          // A button in the line: it opens the chain, not the line.
          e.preventDefault();
          onOpen("nat", svc.chain);
        }}
      >
        {t.rules.kube.open}
      </button>
    </>
  );
}

function KubeServiceEndpoints({ svc }: { svc: Service }) {
  const t = useT();
  const pinned = useApp((s) => s.pins[`nat:${svc.chain}`] !== undefined);
  return (
    <>
      <IptablesEndpoints table="nat" chain={svc.chain} endpoints={svc.endpoints} />
      {pinned ? <p className="hint">{t.rules.kube.pinned}</p> : null}
    </>
  );
}
