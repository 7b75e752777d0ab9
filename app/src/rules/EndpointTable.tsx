import { useId } from "react";
import { useT } from "../i18n/use-t";

/** One endpoint of a service as its table shows it, in either of kube-proxy's modes. */
export interface EndpointRow {
  readonly key: string;
  /** `10.244.1.5:8080`, or its chain when it has no DNAT. */
  readonly label: string;
  /** Its chain, shown on hover. */
  readonly chain: string;
  /** What the ruleset writes for its chance: `--probability 0.33333` (iptables) or its numgen values (nft). */
  readonly written: string;
  /** The share of new connections it really gets, 0..1. */
  readonly share: number;
  readonly pinned: boolean;
  /** Pins it; null when it cannot be pinned (no numgen value picks it). */
  readonly onPin: (() => void) | null;
}

/**
 * A service's endpoints with their shares and a pin for which one a new connection takes; the last row lets
 * kube-proxy's own draw decide again.
 */
export function EndpointTable({
  writtenHeader,
  rows,
  onUnpin,
}: {
  writtenHeader: string;
  rows: readonly EndpointRow[];
  onUnpin: () => void;
}) {
  const t = useT();
  // One radio group per table: the same service can be shown twice (its chain's card and the services list).
  const group = useId();
  return (
    <table className="kube-endpoints">
      <thead>
        <tr>
          <th>{t.rules.kube.endpoint}</th>
          <th>{writtenHeader}</th>
          <th>{t.rules.kube.effective}</th>
          <th>{t.rules.kube.pin}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((e) => (
          <tr key={e.key}>
            <td className="mono" title={e.chain}>
              {e.label}
            </td>
            <td className="mono">{e.written}</td>
            <td>{(e.share * 100).toFixed(1)}%</td>
            <td>
              {e.onPin ? (
                <input
                  type="radio"
                  name={group}
                  aria-label={`${t.rules.kube.pin} ${e.label}`}
                  checked={e.pinned}
                  onChange={e.onPin}
                />
              ) : null}
            </td>
          </tr>
        ))}
        <tr>
          <td colSpan={3}>{t.rules.kube.pinNone}</td>
          <td>
            <input
              type="radio"
              name={group}
              aria-label={`${t.rules.kube.pin}: ${t.rules.kube.pinNone}`}
              checked={!rows.some((e) => e.pinned)}
              onChange={onUnpin}
            />
          </td>
        </tr>
      </tbody>
    </table>
  );
}
