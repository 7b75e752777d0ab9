import { useT } from "../i18n/use-t";
import "./nft.css";
import { useApp } from "../state/context";
import { useNft, useNftUi } from "./context";
import type { TextMode } from "./nft-controller";

/** Chooses which of the scenario's rulesets the text view shows: radio buttons, so arrow keys move between them. */
export function TextModeSwitch() {
  const t = useT();
  const c = useNft();
  const mode = useNftUi((s) => s.mode);
  const hasNft = useApp((s) => s.scenario.nftables !== undefined);
  const nftDraft = useNftUi((s) => s.draft !== null);
  const options: readonly { id: TextMode; label: string; mark: boolean }[] = [
    { id: "iptables", label: t.nft.mode.iptables, mark: false },
    { id: "nft", label: t.nft.mode.nft, mark: hasNft || nftDraft },
  ];
  return (
    <fieldset className="text-mode" data-testid="text-mode">
      <legend className="sr-only">{t.nft.mode.label}</legend>
      {options.map((o) => (
        <label key={o.id} className={mode === o.id ? "text-mode__on" : undefined}>
          <input type="radio" name="text-mode" value={o.id} checked={mode === o.id} onChange={() => c.setMode(o.id)} />
          {o.label}
          {o.mark ? <span aria-hidden="true"> •</span> : null}
        </label>
      ))}
    </fieldset>
  );
}
