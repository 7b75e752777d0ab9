import type { TableName } from "@nfx/model";
import type { KubeService } from "@nfx/ruleset-edit";
import { useEffect, useState } from "react";
import { useT } from "../i18n/use-t";
import { useApp } from "../state/context";
import { useRules } from "./context";

/** A KUBE-SVC chain as its service: endpoints, their real shares, and a pin for which one a new connection takes. */
export function KubeCard({ table, chain }: { table: TableName; chain: string }) {
  const t = useT();
  const c = useRules();
  const revision = useApp((s) => s.viewRevision);
  const pin = useApp((s) => s.pins[`${table}:${chain}`]);
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
      <table className="kube-endpoints">
        <thead>
          <tr>
            <th>{t.rules.kube.endpoint}</th>
            <th>{t.rules.kube.written}</th>
            <th>{t.rules.kube.effective}</th>
            <th>{t.rules.kube.pin}</th>
          </tr>
        </thead>
        <tbody>
          {svc.endpoints.map((e) => (
            <tr key={e.chain}>
              <td className="mono" title={e.chain}>
                {e.destination ?? e.chain}
              </td>
              <td className="mono">{e.statistic ? e.probability.toFixed(5) : "—"}</td>
              <td>{(e.effective * 100).toFixed(1)}%</td>
              <td>
                <input
                  type="radio"
                  name={`pin-${chain}`}
                  aria-label={`${t.rules.kube.pin} ${e.destination ?? e.chain}`}
                  checked={pin === e.ruleIndex}
                  onChange={() => c.pin(table, chain, e.ruleIndex)}
                />
              </td>
            </tr>
          ))}
          <tr>
            <td colSpan={3}>{t.rules.kube.pinNone}</td>
            <td>
              <input
                type="radio"
                name={`pin-${chain}`}
                checked={pin === undefined}
                onChange={() => c.pin(table, chain, null)}
              />
            </td>
          </tr>
        </tbody>
      </table>
      {pin !== undefined ? <p className="hint">{t.rules.kube.pinned}</p> : null}
    </section>
  );
}
