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
      render={(svc) => <KubeServiceItem key={svc.chain} svc={svc} onOpen={onOpen} />}
    />
  );
}

function KubeServiceItem({ svc, onOpen }: { svc: Service; onOpen: (table: TableName, chain: string) => void }) {
  const t = useT();
  const pinned = useApp((s) => s.pins[`nat:${svc.chain}`] !== undefined);
  const label = svc.name ?? svc.chain;
  return (
    <div className="kube-service" data-testid="kube-service" data-service={label}>
      <h5>
        {t.rules.kube.service} <strong>{label}</strong>
        {svc.clusterIp ? <span className="muted"> · {`${t.rules.kube.clusterIp} ${svc.clusterIp}`}</span> : null}
        {svc.nodePort ? <span className="muted"> · {`${t.rules.kube.nodePort} ${svc.nodePort}`}</span> : null}{" "}
        <button type="button" title={t.rules.kube.openHint(svc.chain)} onClick={() => onOpen("nat", svc.chain)}>
          {t.rules.kube.open}
        </button>
      </h5>
      <IptablesEndpoints table="nat" chain={svc.chain} endpoints={svc.endpoints} />
      {pinned ? <p className="hint">{t.rules.kube.pinned}</p> : null}
    </div>
  );
}
