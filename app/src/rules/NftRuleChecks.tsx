import { explainNftRule, type PacketSnapshot } from "@nfx/engine";
import type { HookName } from "@nfx/model";
import type { Rule, Table } from "@nfx/nftables";
import { useT } from "../i18n/use-t";

/**
 * Each test of a native rule against the packet as it stood in the chain, as the engine ran it
 * (`explainNftRule`); this only words the answer. Shown under the rule playback is at.
 */
export function NftRuleChecks({
  table,
  rule,
  snapshot,
  hook,
}: {
  table: Table;
  rule: Rule;
  snapshot: PacketSnapshot;
  hook: HookName;
}) {
  const t = useT();
  const { conditions } = explainNftRule(table, rule, snapshot, hook);
  if (!conditions.length) return null;
  return (
    <ul className="nft-checks" data-testid="nft-checks">
      {conditions.map((c, i) => (
        <li
          // biome-ignore lint/suspicious/noArrayIndexKey: a rule's tests are fixed and in order
          key={i}
          className={c.held === true ? "check--holds" : c.held === false ? "check--fails" : "check--unknown"}
        >
          <code>{c.text}</code>
          {": "}
          {c.held === true ? t.nft.explain.holds : c.held === false ? t.nft.explain.fails : t.nft.explain.unknown}
          {" ("}
          {t.nft.explain.packet(c.packet)}
          {")"}
        </li>
      ))}
    </ul>
  );
}
