import { useActions } from "../state/context";
import { htmlLang, isLang, LANGS } from ".";
import { useLang, useT } from "./use-t";

/** The language menu; the choice is remembered by the autosave. */
export function LangSwitch() {
  const t = useT();
  const lang = useLang();
  const { setLang } = useActions();
  return (
    <label className="lang-switch">
      <span className="sr-only">{t.lang.label}</span>
      <select
        value={lang}
        aria-label={t.lang.label}
        data-testid="lang"
        onChange={(e) => {
          const v = e.currentTarget.value;
          if (isLang(v)) setLang(v);
        }}
      >
        {LANGS.map((l) => (
          <option key={l} value={l} lang={htmlLang(l)}>
            {t.lang.names[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
