import type { TableName } from "@nfx/model";
import type { KubeEndpoint, KubeService } from "@nfx/ruleset-edit";
import { useEffect, useState } from "react";
import { useT } from "../i18n/use-t";
import { useApp } from "../state/context";
import { useRules } from "./context";
import { EndpointTable } from "./EndpointTable";

/** A KUBE-SVC chain's endpoints as the endpoint table shows them, with pins by the rule that jumps to each. */
export function IptablesEndpoints({
  table,
  chain,
  endpoints,
}: {
  table: TableName;
  chain: string;
  endpoints: readonly KubeEndpoint[];
}) {
  const t = useT();
  const c = useRules();
  const pin = useApp((s) => s.pins[`${table}:${chain}`]);
  return (
    <EndpointTable
      writtenHeader={t.rules.kube.written}
      rows={endpoints.map((e) => ({
        key: e.chain,
        label: e.destination ?? e.chain,
        chain: e.chain,
        written: e.statistic ? e.probability.toFixed(5) : "—",
        share: e.effective,
        pinned: pin === e.ruleIndex,
        onPin: () => c.pin(table, chain, e.ruleIndex),
      }))}
      onUnpin={() => c.pin(table, chain, null)}
    />
  );
}

/** A KUBE-SVC chain as its service: endpoints, their real shares, and a pin for which one a new connection takes. */
export function KubeCard({ table, chain }: { table: TableName; chain: string }) {
  const t = useT();
  const c = useRules();
  const revision = useApp((s) => s.viewRevision);
  const pinned = useApp((s) => s.pins[`${table}:${chain}`] !== undefined);
  const [svc, setSvc] = useState<KubeService | null>(null);
  useEffect(() => {
    let live = true;
    void c.engine.query({ kind: "kube", revision, table, chain }).then((a) => {
      if (live) setSvc(a.kind === "kube" ? a.service : null);
    });
    return () => {
      live = false;
    };
  }, [c, revision, table, chain]);
  if (!svc) return null;
  return (
    <section className="kube-card" data-testid="kube-card">
      <h4>
        {t.rules.kube.service} <strong>{svc.name ?? chain}</strong>
        {svc.clusterIp ? (
          <span className="muted">
            {" "}
            · {t.rules.kube.clusterIp} {svc.clusterIp}
          </span>
        ) : null}
      </h4>
      <IptablesEndpoints table={table} chain={chain} endpoints={svc.endpoints} />
      {pinned ? <p className="hint">{t.rules.kube.pinned}</p> : null}
    </section>
  );
}
