import type { KubeNftService } from "@nfx/ruleset-edit";
import { useT } from "../i18n/use-t";
import { nftPinKey } from "../sim/numgen-pins";
import { useApp } from "../state/context";
import { useRules } from "./context";
import { EndpointTable } from "./EndpointTable";
import { ServiceList } from "./ServiceList";

/**
 * The services of kube-proxy's nftables tables, as @nfx/ruleset-edit reads them (issue 10, item 7), a page at a
 * time from the worker: each with its cluster IP, node port, endpoints and their shares of the numgen draw, and a
 * pin for which endpoint a new connection takes. Renders nothing when the scenario has no kube-proxy nftables table.
 */
export function NftKubeServices() {
  const t = useT();
  const c = useRules();
  const revision = useApp((s) => s.viewRevision);
  return (
    <ServiceList<KubeNftService>
      title={t.nft.kube.title}
      testId="nft-kube-services"
      deps={[c, revision]}
      fetchPage={async (text, offset, limit) => {
        const a = await c.engine.query({ kind: "kube-nft", revision, text, offset, limit });
        return a.kind === "kube-nft" ? a : null;
      }}
      itemTestId="nft-kube-service"
      render={(s) => ({
        key: `${s.family} ${s.table} ${s.chain ?? s.name}`,
        name: s.name ?? s.chain ?? "?",
        summary: <NftKubeServiceLine svc={s} />,
        body: <NftKubeServiceEndpoints svc={s} />,
      })}
    />
  );
}

function NftKubeServiceLine({ svc }: { svc: KubeNftService }) {
  const t = useT();
  return (
    <>
      <strong>{svc.name ?? svc.chain ?? "?"}</strong>
      {svc.clusterIp ? <span className="muted"> · {svc.clusterIp}</span> : null}
      {svc.nodePort ? <span className="muted"> · {`${t.rules.kube.nodePort} ${svc.nodePort}`}</span> : null}
      <span className="muted"> · {t.rules.kube.endpoints(svc.endpoints.length)}</span>
    </>
  );
}

function NftKubeServiceEndpoints({ svc }: { svc: KubeNftService }) {
  const t = useT();
  const c = useRules();
  const { family, table, chain, numgen } = svc;
  const pin = useApp((s) => (chain ? s.pins[nftPinKey(family, table, chain)] : undefined));
  return (
    <>
      {svc.noEndpoints ? <p className="hint">{t.nft.kube.noEndpoints(svc.noEndpoints)}</p> : null}
      {numgen && chain ? (
        <p className="muted mono">{t.nft.kube.numgen(numgen.mode, numgen.mod, chain, numgen.ruleIndex + 1)}</p>
      ) : null}
      {chain && svc.endpoints.length ? (
        <EndpointTable
          writtenHeader={t.nft.kube.values}
          rows={svc.endpoints.map((e) => {
            const first = e.values[0];
            return {
              key: e.chain,
              label: e.destination ?? e.chain,
              chain: e.chain,
              written: e.values.join(", "),
              share: e.effective,
              pinned: pin !== undefined && e.values.includes(pin),
              onPin: first === undefined ? null : () => c.pinNumgen(family, table, chain, first),
            };
          })}
          onUnpin={() => c.pinNumgen(family, table, chain, null)}
        />
      ) : null}
      {pin !== undefined ? <p className="hint">{t.nft.kube.pinned}</p> : null}
    </>
  );
}
