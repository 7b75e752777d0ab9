import type { KubeNftService } from "@nfx/ruleset-edit";
import { useEffect, useState } from "react";
import { useT } from "../i18n/use-t";
import { nftPinKey } from "../sim/numgen-pins";
import { useApp } from "../state/context";
import { useRules } from "./context";

/** Services listed at once; a search finds the others (a node has thousands). */
const LIMIT = 50;

/**
 * The services of kube-proxy's nftables tables, as @nfx/ruleset-edit reads them (issue 10, item 7): each with its
 * cluster IP, node port, endpoints and their shares of the numgen draw, and a pin for which endpoint a new connection
 * takes. Renders nothing when the scenario has no kube-proxy nftables table.
 */
export function NftKubeServices() {
  const t = useT();
  const c = useRules();
  const revision = useApp((s) => s.viewRevision);
  const [q, setQ] = useState("");
  const [found, setFound] = useState<{ services: readonly KubeNftService[]; total: number } | null>(null);
  useEffect(() => {
    let live = true;
    void c.engine.query({ kind: "kube-nft", revision, text: q, limit: LIMIT }).then((a) => {
      if (live && a.kind === "kube-nft") setFound(a);
    });
    return () => {
      live = false;
    };
  }, [c, revision, q]);
  // Nothing to show until the first answer, nor for a scenario without kube-proxy's tables (a search keeps the box).
  if (!found || (found.total === 0 && q === "")) return null;
  return (
    <section className="kube-card" data-testid="nft-kube-services" aria-label={t.nft.kube.title}>
      <h4>{t.nft.kube.title}</h4>
      <input
        type="search"
        value={q}
        placeholder={t.nft.kube.search}
        aria-label={t.nft.kube.search}
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      <p className="muted" role="status">
        {t.nft.kube.count(found.services.length, found.total)}
      </p>
      {found.services.map((s) => (
        <NftKubeService key={`${s.family} ${s.table} ${s.chain ?? s.name}`} svc={s} />
      ))}
    </section>
  );
}

function NftKubeService({ svc }: { svc: KubeNftService }) {
  const t = useT();
  const c = useRules();
  const { family, table, chain, numgen } = svc;
  const pin = useApp((s) => (chain ? s.pins[nftPinKey(family, table, chain)] : undefined));
  const label = svc.name ?? chain ?? "?";
  return (
    <div className="nft-kube-service" data-testid="nft-kube-service" data-service={label}>
      <h5>
        {t.rules.kube.service} <strong>{label}</strong>
        {svc.clusterIp ? <span className="muted"> · {`${t.rules.kube.clusterIp} ${svc.clusterIp}`}</span> : null}
        {svc.nodePort ? <span className="muted"> · {`${t.nft.kube.nodePort} ${svc.nodePort}`}</span> : null}
      </h5>
      {svc.noEndpoints ? <p className="hint">{t.nft.kube.noEndpoints(svc.noEndpoints)}</p> : null}
      {numgen && chain ? (
        <p className="muted mono">{t.nft.kube.numgen(numgen.mode, numgen.mod, chain, numgen.ruleIndex + 1)}</p>
      ) : null}
      {chain && svc.endpoints.length ? (
        <table className="kube-endpoints">
          <thead>
            <tr>
              <th>{t.rules.kube.endpoint}</th>
              <th>{t.nft.kube.values}</th>
              <th>{t.rules.kube.effective}</th>
              <th>{t.rules.kube.pin}</th>
            </tr>
          </thead>
          <tbody>
            {svc.endpoints.map((e) => {
              const first = e.values[0];
              return (
                <tr key={e.chain}>
                  <td className="mono" title={e.chain}>
                    {e.destination ?? e.chain}
                  </td>
                  <td className="mono">{e.values.join(", ")}</td>
                  <td>{(e.effective * 100).toFixed(1)}%</td>
                  <td>
                    {first === undefined ? null : (
                      <input
                        type="radio"
                        name={`pin-${family}-${table}-${chain}`}
                        aria-label={`${t.rules.kube.pin} ${e.destination ?? e.chain}`}
                        checked={pin !== undefined && e.values.includes(pin)}
                        onChange={() => c.pinNumgen(family, table, chain, first)}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
            <tr>
              <td colSpan={3}>{t.rules.kube.pinNone}</td>
              <td>
                <input
                  type="radio"
                  name={`pin-${family}-${table}-${chain}`}
                  aria-label={`${t.rules.kube.pin}: ${t.rules.kube.pinNone}`}
                  checked={pin === undefined}
                  onChange={() => c.pinNumgen(family, table, chain, null)}
                />
              </td>
            </tr>
          </tbody>
        </table>
      ) : null}
      {pin !== undefined ? <p className="hint">{t.nft.kube.pinned}</p> : null}
    </div>
  );
}
