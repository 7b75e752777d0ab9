import { nativeTableLabel } from "@nfx/engine";
import { useT } from "../i18n/use-t";
import { useApp } from "../state/context";

/**
 * The native chains' counters after all packets, as `counter packets N bytes M` would read in `nft list
 * ruleset`: each native chain a packet entered, its rules that counted and its policy.
 */
export function NftCounters() {
  const t = useT();
  const counters = useApp((s) => s.view?.result.nftCounters);
  const nft = useApp((s) => s.view?.nft ?? null);
  if (!counters?.length || !nft) return null;
  const chains = new Map<string, typeof counters>();
  for (const c of counters) {
    const key = `${c.at.family} ${c.at.table} ${c.at.chain}`;
    chains.set(key, [...(chains.get(key) ?? []), c]);
  }
  return (
    <section className="nft-counters" data-testid="nft-counters" aria-label={t.nft.rules.title}>
      <h3>{t.nft.rules.title}</h3>
      {[...chains].map(([key, list]) => {
        const at = list[0]!.at;
        const rules = nft.tables
          .find((x) => x.family === at.family && x.name === at.table)
          ?.chains.find((c) => c.name === at.chain)?.rules;
        return (
          <div key={key} className="nft-counters__chain">
            <p className="counter-caption">{`${nativeTableLabel(at.family, at.table)} ${at.chain}`}</p>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.panels.headers.pkts}</th>
                  <th scope="col">{t.panels.headers.bytes}</th>
                  <th scope="col">{t.panels.headers.rule}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((c) => (
                  <tr key={String(c.rule)}>
                    <td>{c.packets}</td>
                    <td>{c.bytes}</td>
                    {/* The rule as nft prints it: code, the same in every language. */}
                    <td className="mono" translate="no">
                      {c.rule === "policy" ? "policy" : (rules?.[c.rule - 1]?.text ?? `#${c.rule}`)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </section>
  );
}
